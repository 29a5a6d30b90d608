using System.Collections.Concurrent;
using ZedOps.Manager.Features.Agents;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Containers;

/// <summary>Console fan-out on the manager: one agent subscription per (agent, container) however many viewers, ended
/// when the last viewer leaves. Viewers joining later get their tail from the feed's ring, so they share one stream.</summary>
public sealed partial class ContainerLogHub(IAgentLink link, ConsoleSecrets secrets, TimeProvider time, ILogger<ContainerLogHub> logger)
{
    public const int DefaultTail = 1_000;
    public const int MaxTail = 5_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(Guid Agent, string Container), LogFeed> _feeds = [];
    private readonly ConcurrentDictionary<string, LogFeed> _bySubscription = new(StringComparer.Ordinal);

    public int FeedCount => _feeds.Count;

    /// <summary>Multi-replica mode: called before this process asks an agent for a console subscription (agent, id), so the
    /// batches another replica relays for it reach this one; <see cref="Unwatched"/> when the id is given up.</summary>
    public Func<Guid, string, CancellationToken, Task>? Watching { get; set; }

    public Action<string>? Unwatched { get; set; }

    /// <summary>True when a feed of this process made the subscription (its batches need not leave the process).</summary>
    public bool IsLocalSubscription(string subscriptionId) => _bySubscription.ContainsKey(subscriptionId);

    /// <summary>Opens a viewer; throws <see cref="WireRequestException"/> (agent_offline, not_found, …) when it cannot.</summary>
    public async Task<LogViewer> OpenAsync(Guid agentId, string containerId, int tail, CancellationToken ct)
    {
        tail = Math.Clamp(tail, 0, MaxTail);
        await _gate.WaitAsync(ct);
        try
        {
            if (!_feeds.TryGetValue((agentId, containerId), out var feed))
            {
                await secrets.EnsureLoadedAsync(ct);
                feed = new LogFeed(agentId, containerId, NewSubscriptionId(), secrets, time);
                SubscribeLogsResult result;
                try
                {
                    await WatchAsync(agentId, feed.SubscriptionId, ct);
                    result = await link.RequestAsync(agentId, Requests.SubscribeLogs, new SubscribeLogs(containerId, feed.SubscriptionId, MaxTail), ct: ct);
                }
                catch
                {
                    Unwatched?.Invoke(feed.SubscriptionId);
                    throw;
                }
                feed.Seed(result);
                _feeds[(agentId, containerId)] = feed;
                _bySubscription[feed.SubscriptionId] = feed;
            }
            return feed.AddViewer(tail, CloseViewerAsync);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The last lines of a container's log without following it, redacted like every feed.</summary>
    public async Task<IReadOnlyList<LogLine>> ReadAsync(Guid agentId, string containerId, int tail, CancellationToken ct)
    {
        await secrets.EnsureLoadedAsync(ct);
        var result = await link.RequestAsync(agentId, Requests.ReadLogs, new ReadLogs(containerId, Math.Clamp(tail, 0, MaxTail)), ct: ct);
        var known = secrets.For(agentId, result.ContainerName);
        return [.. result.Lines.Select(l => l.Stream == LogStreams.Marker ? l : l with { Text = ConsoleRedaction.Redact(l.Text, known) })];
    }

    /// <summary>Called for each batch an agent pushes; only the agent a subscription was made with may feed it.</summary>
    public void Deliver(Guid agentId, LogLinesAppended batch)
    {
        if (_bySubscription.TryGetValue(batch.SubscriptionId, out var feed) && feed.AgentId == agentId)
        {
            feed.Append(batch.Lines, batch.Skipped);
        }
    }

    public void AgentWentOffline(Guid agentId)
    {
        foreach (var feed in _bySubscription.Values.Where(f => f.AgentId == agentId))
        {
            feed.Mark("agent went offline; the console resumes when it reconnects");
        }
    }

    /// <summary>Re-subscribes this agent's feeds after a reconnect (the agent dropped them with the old socket).</summary>
    public async Task ResumeAgentAsync(Guid agentId, CancellationToken ct)
    {
        foreach (var feed in _bySubscription.Values.Where(f => f.AgentId == agentId).ToList())
        {
            _bySubscription.TryRemove(feed.SubscriptionId, out _);
            Unwatched?.Invoke(feed.SubscriptionId);
            feed.SubscriptionId = NewSubscriptionId();
            _bySubscription[feed.SubscriptionId] = feed;
            try
            {
                await WatchAsync(agentId, feed.SubscriptionId, ct);
                var result = await link.RequestAsync(agentId, Requests.SubscribeLogs, new SubscribeLogs(feed.ContainerId, feed.SubscriptionId, MaxTail), ct: ct);
                feed.Resume(result);
            }
            catch (WireRequestException ex)
            {
                feed.Mark($"console could not resume: {ex.Message}");
                LogResumeFailed(logger, feed.ContainerId, ex.Message);
            }
        }
    }

    private async ValueTask CloseViewerAsync(LogViewer viewer)
    {
        LogFeed? emptied = null;
        await _gate.WaitAsync();
        try
        {
            foreach (var (key, feed) in _feeds)
            {
                if (feed.RemoveViewer(viewer) && feed.ViewerCount == 0)
                {
                    _feeds.Remove(key);
                    _bySubscription.TryRemove(feed.SubscriptionId, out _);
                    Unwatched?.Invoke(feed.SubscriptionId);
                    emptied = feed;
                    break;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
        if (emptied is not null && link.IsOnline(emptied.AgentId))
        {
            try
            {
                await link.RequestAsync(emptied.AgentId, Requests.UnsubscribeLogs, new UnsubscribeLogs(emptied.SubscriptionId));
            }
            catch (WireRequestException ex)
            {
                LogUnsubscribeFailed(logger, emptied.ContainerId, ex.Message);
            }
        }
    }

    private Task WatchAsync(Guid agentId, string subscriptionId, CancellationToken ct) =>
        Watching?.Invoke(agentId, subscriptionId, ct) ?? Task.CompletedTask;

    private static string NewSubscriptionId() => Guid.NewGuid().ToString("N");

    [LoggerMessage(LogLevel.Warning, "Console of {Container} could not resume: {Reason}")]
    private static partial void LogResumeFailed(ILogger logger, string container, string reason);

    [LoggerMessage(LogLevel.Debug, "Unsubscribe of {Container} failed: {Reason}")]
    private static partial void LogUnsubscribeFailed(ILogger logger, string container, string reason);
}
