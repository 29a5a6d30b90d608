using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Docker.DotNet.Models;

namespace ZedOps.Agent.Docker;

internal sealed partial class DockerContainerRuntime
{
    public async IAsyncEnumerable<ContainerStatsReading> StreamStatsAsync(string idOrName, [EnumeratorCancellation] CancellationToken ct)
    {
        // Docker.DotNet reports each decoded JSON object through IProgress; a synchronous sink into a small channel keeps
        // only the newest readings when the consumer is slower than one a second.
        var channel = Channel.CreateBounded<ContainerStatsReading>(new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pump = Task.Run(async () =>
        {
            try
            {
                await _client.Containers.GetContainerStatsAsync(idOrName, new ContainerStatsParameters { Stream = true },
                    new StatsSink(r => channel.Writer.TryWrite(FromResponse(r))), stop.Token);
                channel.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                channel.Writer.TryComplete(ex is OperationCanceledException ? null : ex);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var reading in channel.Reader.ReadAllAsync(ct))
            {
                yield return reading;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await pump;
        }
    }

    internal static ContainerStatsReading FromResponse(ContainerStatsResponse r)
    {
        var memory = r.MemoryStats;
        // docker stats shows usage minus the page cache: cgroup v2 calls it inactive_file, v1 total_inactive_file or cache.
        ulong cache = 0;
        if (memory?.Stats is { } stats)
        {
            cache = stats.TryGetValue("inactive_file", out var v2) ? v2
                : stats.TryGetValue("total_inactive_file", out var v1) ? v1
                : stats.TryGetValue("cache", out var c) ? c : 0;
        }
        var usage = memory?.Usage ?? 0;
        var networks = r.Networks?.Values ?? [];
        var blkio = r.BlkioStats?.IoServiceBytesRecursive ?? [];
        return new ContainerStatsReading(
            new DateTimeOffset(DateTime.SpecifyKind(r.Read, DateTimeKind.Utc)),
            r.CPUStats?.CPUUsage?.TotalUsage ?? 0, r.CPUStats?.SystemUsage ?? 0,
            r.PreCPUStats?.CPUUsage?.TotalUsage ?? 0, r.PreCPUStats?.SystemUsage ?? 0,
            r.CPUStats?.OnlineCPUs is uint cpus and > 0 ? cpus : (uint)Math.Max(1, r.CPUStats?.CPUUsage?.PercpuUsage?.Count ?? Environment.ProcessorCount),
            (long)(usage > cache ? usage - cache : usage), (long)(memory?.Limit ?? 0),
            (long)networks.Aggregate(0UL, (sum, n) => sum + n.RxBytes), (long)networks.Aggregate(0UL, (sum, n) => sum + n.TxBytes),
            (long)blkio.Where(e => string.Equals(e.Op, "read", StringComparison.OrdinalIgnoreCase)).Aggregate(0UL, (sum, e) => sum + e.Value),
            (long)blkio.Where(e => string.Equals(e.Op, "write", StringComparison.OrdinalIgnoreCase)).Aggregate(0UL, (sum, e) => sum + e.Value));
    }

    private sealed class StatsSink(Action<ContainerStatsResponse> onReading) : IProgress<ContainerStatsResponse>
    {
        public void Report(ContainerStatsResponse value) => onReading(value);
    }
}
