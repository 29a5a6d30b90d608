using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Protocol;

namespace ZedOps.Manager.Features.Agents;

/// <summary>
/// The one filter every agent → manager event passes before any feature sees it: cut to <see cref="AgentInputLimits"/>,
/// and, for a message that names a server (<see cref="INamesServer"/>: readiness, progress, player reports…), the
/// server must belong to the sending agent, or the message is dropped and logged. A server never changes agent, so a
/// confirmed pair is remembered; refusals always ask the database.
/// </summary>
internal sealed partial class AgentEventFilter(IDbContextFactory<ZedOpsDbContext> dbFactory, ILogger<AgentEventFilter> logger)
{
    private const int MaxRemembered = 100_000;
    private readonly ConcurrentDictionary<(Guid Agent, Guid Server), byte> _owned = new();
    private readonly ConcurrentDictionary<Guid, long> _refusals = new();

    /// <summary>The filter for <see cref="Protocol.Transport.MessageRouter.FilterEvents"/> of one agent's connection.</summary>
    public Func<object, CancellationToken, ValueTask<object?>> For(AgentConnection connection) => async (message, ct) =>
    {
        var bounded = AgentInputLimits.Bound(message);
        return bounded is INamesServer named && !await OwnsAsync(connection, message.GetType().Name, named.ServerId, ct) ? null : bounded;
    };

    private async ValueTask<bool> OwnsAsync(AgentConnection connection, string messageType, Guid serverId, CancellationToken ct)
    {
        if (_owned.ContainsKey((connection.AgentId, serverId)))
        {
            return true;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Servers.AsNoTracking().AnyAsync(s => s.Id == serverId && s.AgentId == connection.AgentId, ct))
        {
            if (_owned.Count < MaxRemembered)
            {
                _owned.TryAdd((connection.AgentId, serverId), 0);
            }
            return true;
        }
        // Log the first refusal of an agent and then every hundredth, so a hostile agent cannot flood the log.
        var count = _refusals.AddOrUpdate(connection.AgentId, 1, (_, n) => n + 1);
        if (count == 1 || count % 100 == 0)
        {
            LogRefused(logger, connection.AgentName, connection.AgentId, messageType, serverId, count);
        }
        return false;
    }

    [LoggerMessage(LogLevel.Warning, "Agent '{Name}' ({AgentId}) sent {Message} about server {ServerId}, which is not one of its servers: dropped ({Count} so far)")]
    private static partial void LogRefused(ILogger logger, string name, Guid agentId, string message, Guid serverId, long count);
}
