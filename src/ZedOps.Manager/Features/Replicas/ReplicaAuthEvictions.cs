using System.Text.Json;
using NATS.Client.Core;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Auth;

namespace ZedOps.Manager.Features.Replicas;

/// <summary>
/// Carries <see cref="AuthCache"/> evictions between replicas on <c>zedops.auth.evict</c>: a password change, a role
/// change or a revoked token on replica A drops the cached entry on B too, so it takes effect on B's next request as it
/// does on A's. While the NATS link is down evictions can be missed, so the whole cache is dropped on every reconnect.
/// An agent revoked on A (kind <c>agent</c>) is dropped the same way wherever its socket is: closed with the revoked
/// code and forgotten (its token is refused by the database on any replica from then on).
/// </summary>
internal sealed partial class ReplicaAuthEvictions(AuthCache cache, AgentRegistry registry, ReplicaBus bus, ILogger<ReplicaAuthEvictions> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        cache.Forward = (kind, id) => _ = PublishAsync(kind, id);
        registry.ForwardRevoked = id => _ = PublishAsync(Agent, id);
        bus.Connection.ConnectionOpened += OnReconnectedAsync;
        try
        {
            await foreach (var msg in bus.Connection.SubscribeAsync<byte[]>(ReplicaBus.AuthEvictions, cancellationToken: stoppingToken))
            {
                if (bus.IsOwn(msg.Headers) || msg.Data is null)
                {
                    continue;
                }
                try
                {
                    if (JsonSerializer.Deserialize(msg.Data, ReplicaJsonContext.Default.StringArray) is [var kind, var id] && Guid.TryParse(id, out var guid))
                    {
                        Apply(kind, guid);
                    }
                }
                catch (JsonException ex)
                {
                    LogMalformed(logger, ex.Message);
                }
            }
        }
        finally
        {
            bus.Connection.ConnectionOpened -= OnReconnectedAsync;
            cache.Forward = null;
            registry.ForwardRevoked = null;
        }
    }

    private const string Agent = "agent";

    private void Apply(string kind, Guid id)
    {
        if (kind == Agent)
        {
            registry.DropRevoked(id);
        }
        else
        {
            cache.ApplyRemote(kind, id);
        }
    }

    private ValueTask OnReconnectedAsync(object? sender, NatsEventArgs args)
    {
        cache.Clear();
        return ValueTask.CompletedTask;
    }

    private async Task PublishAsync(string kind, Guid id)
    {
        try
        {
            await bus.Connection.PublishAsync(ReplicaBus.AuthEvictions,
                JsonSerializer.SerializeToUtf8Bytes([kind, id.ToString()], ReplicaJsonContext.Default.StringArray), bus.Stamp());
        }
        catch (NatsException ex)
        {
            // The others then keep the entry until their next reconnect clears it; logged loudly, since a revocation is late.
            LogPublishFailed(logger, kind, id, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Error, "Could not tell the other replicas to drop cached {Kind} {Id}: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string kind, Guid id, string reason);

    [LoggerMessage(LogLevel.Warning, "Dropped a malformed auth eviction: {Reason}")]
    private static partial void LogMalformed(ILogger logger, string reason);
}
