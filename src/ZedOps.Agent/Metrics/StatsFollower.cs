using ZedOps.Agent.Docker;
using ZedOps.Protocol.Metrics;

namespace ZedOps.Agent.Metrics;

/// <summary>The stats stream of one running container: keeps its newest reading; <see cref="TakeSample"/> turns the
/// newest reading not yet sampled into a sample against the previous sampled one.</summary>
internal sealed class StatsFollower : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Guid _serverId;
    private volatile ContainerStatsReading? _latest;
    private ContainerStatsReading? _sampled;
    private Task _run = Task.CompletedTask;

    private StatsFollower(Guid serverId) => _serverId = serverId;

    public bool Ended => _run.IsCompleted;

    public static StatsFollower Start(IContainerRuntime runtime, string containerId, Guid serverId)
    {
        var follower = new StatsFollower(serverId);
        follower._run = Task.Run(() => follower.RunAsync(runtime, containerId));
        return follower;
    }

    public ServerMetricsSample? TakeSample(int? players)
    {
        if (_latest is not { } latest || ReferenceEquals(latest, _sampled))
        {
            return null;
        }
        var sample = MetricsMath.Sample(_serverId, latest, _sampled, players);
        _sampled = latest;
        return sample;
    }

    private async Task RunAsync(IContainerRuntime runtime, string containerId)
    {
        try
        {
            await foreach (var reading in runtime.StreamStatsAsync(containerId, _stop.Token))
            {
                // The first reading of a stream has no previous CPU figures; it still primes the byte counters.
                _latest = reading;
            }
        }
        catch (Exception ex) when (ex is ContainerRuntimeException or OperationCanceledException or IOException or HttpRequestException or global::Docker.DotNet.DockerApiException)
        {
            // Stopped, removed or the daemon went away: the sampler opens a new stream when the table shows it running.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }
}
