using ZedOps.Agent.Docker;
using ZedOps.Protocol.Metrics;

namespace ZedOps.Agent.Metrics;

/// <summary>Turns two stats readings of one container into one sample: CPU from the counter deltas (docker stats'
/// formula), rates from the byte counters over the time between them. Counters that went backwards (a container
/// restart) count as zero.</summary>
internal static class MetricsMath
{
    public static ServerMetricsSample Sample(Guid serverId, ContainerStatsReading now, ContainerStatsReading? before, int? players)
    {
        var (cpu, system) = before is null
            ? (Delta(now.CpuTotalNs, now.PreviousCpuTotalNs), Delta(now.SystemCpuNs, now.PreviousSystemCpuNs))
            : (Delta(now.CpuTotalNs, before.CpuTotalNs), Delta(now.SystemCpuNs, before.SystemCpuNs));
        var cpuPercent = system > 0 ? cpu / system * now.OnlineCpus * 100.0 : 0;
        var seconds = before is null ? 0 : (now.At - before.At).TotalSeconds;
        return new ServerMetricsSample(serverId, now.At, Math.Round(cpuPercent, 2), now.MemoryUsedBytes, now.MemoryLimitBytes,
            Rate(now.NetRxBytes, before?.NetRxBytes, seconds), Rate(now.NetTxBytes, before?.NetTxBytes, seconds),
            Rate(now.BlockReadBytes, before?.BlockReadBytes, seconds), Rate(now.BlockWriteBytes, before?.BlockWriteBytes, seconds), players);
    }

    private static double Delta(ulong now, ulong before) => now > before ? now - before : 0;

    private static double Rate(long now, long? before, double seconds) =>
        before is { } b && seconds > 0 && now >= b ? Math.Round((now - b) / seconds, 1) : 0;
}
