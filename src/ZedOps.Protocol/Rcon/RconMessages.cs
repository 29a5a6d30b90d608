using ZedOps.Protocol.Servers;

namespace ZedOps.Protocol.Rcon;

/// <summary>Run one admin command through the agent's pooled RCON connection to the server (127.0.0.1 only).
/// <see cref="Rcon"/> null means RCON is disabled for the server: the agent answers rcon_unavailable.</summary>
public sealed record ExecuteRcon(Guid ServerId, string Name, RconEndpoint? Rcon, string Command, int TimeoutSeconds);

public sealed record ExecuteRconResult(Guid ServerId, string Reply, DateTimeOffset At);

/// <summary>Poll <c>players</c> every <see cref="IntervalSeconds"/> and read join/leave console lines for this server
/// until <see cref="LeaseSeconds"/> pass without a renewal (the manager renews while it wants the list).</summary>
public sealed record WatchPlayers(Guid ServerId, string Name, RconEndpoint Rcon, int IntervalSeconds, int LeaseSeconds);

/// <summary><see cref="Started"/> is false when the request only renewed a running watch.</summary>
public sealed record WatchPlayersResult(Guid ServerId, bool Started);

/// <summary>Who is online now, pushed when it changes (a poll that differs, a join or leave line) and after each
/// watch start. <see cref="Running"/> false: the container stopped, everyone is gone.</summary>
public sealed record PlayersReported(Guid ServerId, IReadOnlyList<string> Online, bool Running, string Source, DateTimeOffset At) : INamesServer;

public static class PlayerSources
{
    public const string Poll = "poll";
    public const string Console = "console";
    public const string Stopped = "stopped";
}
