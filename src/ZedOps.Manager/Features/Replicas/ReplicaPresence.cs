using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Replicas;

/// <summary>
/// Presence across replicas: every change of a local agent (ready, heartbeat, gone) is published on
/// <c>zedops.presence</c>; states from other replicas go into this replica's <see cref="AgentRegistry"/>, so pages,
/// <c>GET /api/agents</c> and the console resume logic see the whole fleet. An announced agent expires after
/// <see cref="ManagerOptions.OfflineAfter"/> without news (its replica died without a goodbye); heartbeats refresh it.
/// </summary>
internal sealed partial class ReplicaPresence(AgentRegistry registry, ReplicaBus bus, IOptions<ManagerOptions> options, TimeProvider time,
    ILogger<ReplicaPresence> logger) : BackgroundService
{
    // Ordered and never blocking the agent's socket: one publisher loop drains local changes.
    private readonly Channel<AgentLiveState> _outgoing = Channel.CreateBounded<AgentLiveState>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        registry.LocalChanged += Enqueue;
        stoppingToken.Register(() => registry.LocalChanged -= Enqueue);
        return Task.WhenAll(PublishAsync(stoppingToken), ReceiveAsync(stoppingToken), ExpireAsync(stoppingToken));
    }

    private void Enqueue(AgentLiveState state) => _outgoing.Writer.TryWrite(state);

    private async Task PublishAsync(CancellationToken ct)
    {
        await foreach (var state in _outgoing.Reader.ReadAllAsync(ct))
        {
            try
            {
                var data = JsonSerializer.SerializeToUtf8Bytes(new ReplicaAgentState(bus.Id, state), ReplicaJsonContext.Default.ReplicaAgentState);
                await bus.Connection.PublishAsync(ReplicaBus.Presence, data, bus.Stamp(), cancellationToken: ct);
            }
            catch (NatsException ex)
            {
                LogPublishFailed(logger, state.Name, ex.Message);
            }
        }
    }

    private async Task ReceiveAsync(CancellationToken ct)
    {
        await foreach (var msg in bus.Connection.SubscribeAsync<byte[]>(ReplicaBus.Presence, cancellationToken: ct))
        {
            if (bus.IsOwn(msg.Headers) || msg.Data is null)
            {
                continue;
            }
            try
            {
                var announced = JsonSerializer.Deserialize(msg.Data, ReplicaJsonContext.Default.ReplicaAgentState);
                if (announced is not null)
                {
                    registry.ApplyRemote(announced.Replica, announced.State, time.GetUtcNow() + options.Value.OfflineAfter);
                }
            }
            catch (JsonException ex)
            {
                LogMalformed(logger, ex.Message);
            }
        }
    }

    private async Task ExpireAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval / 2, time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            if (registry.ExpireRemote(time.GetUtcNow()) is > 0 and var n)
            {
                LogExpired(logger, n);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not announce agent '{Name}' to the other replicas: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string name, string reason);

    [LoggerMessage(LogLevel.Warning, "Dropped a malformed presence message: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Information, "{Count} agent(s) of another replica marked offline: their replica stopped announcing them")]
    private static partial void LogExpired(ILogger logger, int count);
}
