using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Link;
using ZedOps.Agent.Rcon;
using ZedOps.Agent.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Rcon;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Players;

/// <summary>The player watches of this host, one per server, started and renewed by the manager's
/// <c>players.watch</c> leases. A lost manager link ends them all: the manager renews after it reconnects.</summary>
internal sealed partial class PlayerWatches
{
    private readonly ConcurrentDictionary<Guid, PlayerWatch> _watches = new();
    private readonly RconPool _pool;
    private readonly IContainerRuntime _runtime;
    private readonly ManagerChannel _channel;
    private readonly TimeProvider _time;
    private readonly ILogger<PlayerWatches> _logger;

    public PlayerWatches(RconPool pool, IContainerRuntime runtime, ManagerChannel channel, TimeProvider time, ILogger<PlayerWatches> logger)
    {
        (_pool, _runtime, _channel, _time, _logger) = (pool, runtime, channel, time, logger);
        channel.Disconnected += StopAll;
    }

    public int Active => _watches.Values.Count(w => !w.Ended);

    /// <summary>Players online on that server, or null when no watch runs for it.</summary>
    public int? OnlineCount(Guid serverId) => _watches.TryGetValue(serverId, out var watch) && !watch.Ended ? watch.OnlineCount : null;

    public MessageRouter Register(MessageRouter router) => router.Handle(Requests.WatchPlayers, WatchAsync);

    public ValueTask<WatchPlayersResult> WatchAsync(WatchPlayers request, CancellationToken ct)
    {
        ServerProvisioner.CheckName(request.Name);
        if (request.IntervalSeconds < 1 || request.LeaseSeconds < request.IntervalSeconds)
        {
            throw new WireRequestException(ErrorCodes.BadRequest, "players.watch needs an interval of at least 1 s and a lease no shorter than it");
        }
        var started = false;
        var watch = _watches.AddOrUpdate(request.ServerId,
            _ => { started = true; return New(request); },
            (_, current) =>
            {
                if (!current.Ended && current.Request.Rcon == request.Rcon && current.Request.Name == request.Name)
                {
                    current.Renew(request);
                    return current;
                }
                current.Stop();
                started = true;
                return New(request);
            });
        if (started)
        {
            watch.Start();
            LogStarted(_logger, request.Name, request.IntervalSeconds);
        }
        return ValueTask.FromResult(new WatchPlayersResult(request.ServerId, started));
    }

    private PlayerWatch New(WatchPlayers request) => new(request, _pool, _runtime, _time,
        async (report, ct) => await _channel.TryPublishAsync(Events.PlayersReported, report, ct));

    private void StopAll()
    {
        foreach (var watch in _watches.Values)
        {
            watch.Stop();
        }
    }

    [LoggerMessage(LogLevel.Information, "Watching the players of {Name} (poll every {Interval} s)")]
    private static partial void LogStarted(ILogger logger, string name, int interval);
}
