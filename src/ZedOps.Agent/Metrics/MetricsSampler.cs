using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZedOps.Agent.Containers;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Link;
using ZedOps.Agent.Players;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Metrics;

namespace ZedOps.Agent.Metrics;

/// <summary>
/// Every <see cref="MetricsIntervals.SampleSeconds"/>: one sample per running game server from the newest reading of its
/// container's stats stream (one long-lived Docker call per container, opened when the container table shows it running
/// and closed when it is gone), plus players from the player watch. Samples go to the manager in batches every
/// <see cref="MetricsIntervals.BatchSeconds"/>; while disconnected the newest <see cref="MetricsIntervals.MaxSamplesPerBatch"/> are kept.
/// </summary>
internal sealed partial class MetricsSampler(IContainerRuntime runtime, ContainerTable table, PlayerWatches players, ManagerChannel channel,
    TimeProvider time, ILogger<MetricsSampler> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, StatsFollower> _followers = new();
    private readonly Queue<ServerMetricsSample> _pending = new();
    private DateTimeOffset _lastSent;

    public int Following => _followers.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(MetricsIntervals.SampleSeconds), time);
        _lastSent = time.GetUtcNow();
        try
        {
            do
            {
                try
                {
                    await TickAsync(stoppingToken);
                }
                catch (ContainerRuntimeException ex)
                {
                    LogSampleFailed(logger, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var follower in _followers.Values)
            {
                await follower.DisposeAsync();
            }
        }
    }

    private async Task TickAsync(CancellationToken ct)
    {
        var running = (await table.ListAsync(false, ct))
            .Where(c => c.State == ContainerStates.Running && c.Labels.TryGetValue(ContainerLabels.ServerId, out var id) && Guid.TryParse(id, out _))
            .ToDictionary(c => c.Id, c => Guid.Parse(c.Labels[ContainerLabels.ServerId]));
        foreach (var (id, follower) in _followers)
        {
            if (!running.ContainsKey(id) || follower.Ended)
            {
                _followers.TryRemove(id, out _);
                await follower.DisposeAsync();
            }
        }
        foreach (var (id, serverId) in running)
        {
            var follower = _followers.GetOrAdd(id, key => StatsFollower.Start(runtime, key, serverId));
            if (follower.TakeSample(players.OnlineCount(serverId)) is { } sample)
            {
                _pending.Enqueue(sample);
            }
        }
        while (_pending.Count > MetricsIntervals.MaxSamplesPerBatch)
        {
            _pending.Dequeue();
        }
        if (_pending.Count > 0 && time.GetUtcNow() - _lastSent >= TimeSpan.FromSeconds(MetricsIntervals.BatchSeconds - 1)
            && await channel.TryPublishAsync(Events.ServerMetricsReported, new ServerMetricsReported([.. _pending]), ct))
        {
            _pending.Clear();
            _lastSent = time.GetUtcNow();
        }
    }

    [LoggerMessage(LogLevel.Debug, "Metrics sample skipped: {Reason}")]
    private static partial void LogSampleFailed(ILogger logger, string reason);
}
