using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using NATS.Client.Core;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Containers;
using ZedOps.Manager.Features.Players;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Replicas;

/// <summary>
/// Event fan-out across replicas. The replica holding an agent's socket handles its events as on one node (database
/// writes happen once, there) and republishes what other replicas show live: container changes on
/// <c>zedops.agent.&lt;id&gt;.events.&lt;kind&gt;</c>, console batches on <c>zedops.agent.&lt;id&gt;.logs.&lt;subscription&gt;</c>
/// (subscribed only by the replica whose viewers made that subscription, from before it asks the agent until its last
/// viewer leaves, so console traffic goes only where it is watched), server activity and player snapshots on their own subjects. Each
/// replica replays the others' messages into its in-memory hubs. One publisher per subject and one reader per
/// subscription keep per-agent order; a replica that falls behind loses the oldest messages (NATS pending limit,
/// drop-oldest), and the console feeds below keep their own drop-oldest rule per viewer.
/// </summary>
internal sealed partial class ReplicaEvents(
    ReplicaBus bus, ContainerLogHub logs, ContainerFleet fleet, ServerActivity activity, PlayerRoster players, ILogger<ReplicaEvents> logger)
    : BackgroundService
{
    public const string Container = "container";
    public const string Players = "zedops.players";

    private readonly ConcurrentDictionary<string, INatsSub<byte[]>> _watched = new(StringComparer.Ordinal);

    /// <summary>Console subscriptions this replica receives batches for (one per followed console of a remote agent).</summary>
    public int Watched => _watched.Count;

    private readonly Channel<(string Subject, byte[] Data)> _outgoing = Channel.CreateBounded<(string, byte[])>(
        new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>The routes that republish agent events; the hub adds them after every feature's own handlers.</summary>
    public static AgentRoutes Routes(IServiceProvider services)
    {
        var bus = services.GetRequiredService<ReplicaBus>();
        var logs = services.GetRequiredService<ContainerLogHub>();
        return new AgentRoutes((router, connection) => router
            .On(Events.LogLinesAppended, (batch, ct) => logs.IsLocalSubscription(batch.SubscriptionId)
                ? ValueTask.CompletedTask // a viewer here asked for it: the batch was delivered already
                : bus.Connection.PublishAsync(ReplicaBus.AgentLogs(connection.AgentId, batch.SubscriptionId),
                    JsonSerializer.SerializeToUtf8Bytes(batch, ProtocolJsonContext.Default.LogLinesAppended), bus.Stamp(), cancellationToken: ct))
            .On(Events.ContainerStateChanged, (change, ct) => bus.Connection.PublishAsync(ReplicaBus.AgentEvent(connection.AgentId, Container),
                JsonSerializer.SerializeToUtf8Bytes(change, ProtocolJsonContext.Default.ContainerStateChanged), bus.Stamp(), cancellationToken: ct)));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        activity.Forward = (id, entry, progress) => _outgoing.Writer.TryWrite((ReplicaBus.Activity,
            JsonSerializer.SerializeToUtf8Bytes(new ReplicaActivity(id, entry, progress), ReplicaJsonContext.Default.ReplicaActivity)));
        logs.Watching = WatchAsync;
        logs.Unwatched = Unwatch;
        stoppingToken.Register(() => (logs.Watching, logs.Unwatched) = (null, null));
        players.Forward = snapshot => _outgoing.Writer.TryWrite((Players, JsonSerializer.SerializeToUtf8Bytes(snapshot, ReplicaJsonContext.Default.PlayersSnapshot)));
        return Task.WhenAll(PublishAsync(stoppingToken), ReceiveAgentEventsAsync(stoppingToken),
            ReceiveAsync(ReplicaBus.Activity, data =>
            {
                if (JsonSerializer.Deserialize(data, ReplicaJsonContext.Default.ReplicaActivity) is { } a)
                {
                    activity.ApplyRemote(a.ServerId, a.Entry, a.Progress);
                }
            }, stoppingToken),
            ReceiveAsync(Players, data =>
            {
                if (JsonSerializer.Deserialize(data, ReplicaJsonContext.Default.PlayersSnapshot) is { } snapshot)
                {
                    players.ApplyRemote(snapshot);
                }
            }, stoppingToken));
    }

    private async Task PublishAsync(CancellationToken ct)
    {
        await foreach (var (subject, data) in _outgoing.Reader.ReadAllAsync(ct))
        {
            try
            {
                await bus.Connection.PublishAsync(subject, data, bus.Stamp(), cancellationToken: ct);
            }
            catch (NatsException ex)
            {
                LogPublishFailed(logger, subject, ex.Message);
            }
        }
    }

    private async Task ReceiveAgentEventsAsync(CancellationToken ct)
    {
        await foreach (var msg in bus.Connection.SubscribeAsync<byte[]>(ReplicaBus.AgentEvents, cancellationToken: ct))
        {
            if (bus.IsOwn(msg.Headers) || msg.Data is null || !ReplicaBus.TryParseAgentEvent(msg.Subject, out var agentId, out var kind))
            {
                continue;
            }
            Try(msg.Subject, () =>
            {
                if (kind == Container && JsonSerializer.Deserialize(msg.Data, ProtocolJsonContext.Default.ContainerStateChanged) is { } change)
                {
                    fleet.Apply(agentId, change);
                }
            });
        }
    }

    private async Task WatchAsync(Guid agentId, string subscriptionId, CancellationToken ct)
    {
        INatsSub<byte[]> sub;
        try
        {
            sub = await bus.Connection.SubscribeCoreAsync<byte[]>(ReplicaBus.AgentLogs(agentId, subscriptionId), cancellationToken: ct);
        }
        catch (NatsException ex)
        {
            throw new WireRequestException(ErrorCodes.AgentOffline, $"The console cannot be followed from this replica: {ex.Message}");
        }
        _watched[subscriptionId] = sub;
        _ = DeliverAsync(agentId, sub);
    }

    /// <summary>One reader per subscription keeps its batches in the order the holding replica published them.</summary>
    private async Task DeliverAsync(Guid agentId, INatsSub<byte[]> sub)
    {
        await foreach (var msg in sub.Msgs.ReadAllAsync())
        {
            if (msg.Data is { } data)
            {
                Try(msg.Subject, () =>
                {
                    if (JsonSerializer.Deserialize(data, ProtocolJsonContext.Default.LogLinesAppended) is { } batch)
                    {
                        logs.Deliver(agentId, batch);
                    }
                });
            }
        }
    }

    private void Unwatch(string subscriptionId)
    {
        if (_watched.TryRemove(subscriptionId, out var sub))
        {
            _ = sub.DisposeAsync().AsTask(); // ends its reader loop
        }
    }

    private async Task ReceiveAsync(string subject, Action<byte[]> apply, CancellationToken ct)
    {
        await foreach (var msg in bus.Connection.SubscribeAsync<byte[]>(subject, cancellationToken: ct))
        {
            if (!bus.IsOwn(msg.Headers) && msg.Data is { } data)
            {
                Try(subject, () => apply(data));
            }
        }
    }

    private void Try(string subject, Action apply)
    {
        try
        {
            apply();
        }
        catch (Exception ex) when (ex is JsonException or WireRequestException)
        {
            LogMalformed(logger, subject, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not publish {Subject} to the other replicas: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string subject, string reason);

    [LoggerMessage(LogLevel.Warning, "Dropped a malformed {Subject} message from another replica: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string subject, string reason);
}
