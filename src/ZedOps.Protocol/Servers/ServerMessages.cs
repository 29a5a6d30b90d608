using ZedOps.Protocol.Containers;

namespace ZedOps.Protocol.Servers;

/// <summary>Everything the agent needs to (re)create a game server's container. The manager builds it from the
/// catalogue row and the image profile, so the agent stays profile-agnostic.</summary>
public sealed record ServerSpec(
    Guid ServerId,
    string Name,
    string Image,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyList<ServerMount> Mounts,
    IReadOnlyList<ServerPort> Ports,
    string? ReadinessPattern,
    RconEndpoint? Rcon,
    int StopTimeoutSeconds,
    string? DataOwner = null,
    CrashPolicy? Crash = null);

/// <summary><see cref="HostPath"/> must lie inside the agent's data root; the agent checks it again itself.</summary>
public sealed record ServerMount(string HostPath, string ContainerPath);

/// <summary>A published port; <see cref="HostIp"/> null means all interfaces (RCON is always 127.0.0.1).</summary>
public sealed record ServerPort(int HostPort, int ContainerPort, string Protocol, string? HostIp);

/// <summary>How the agent reaches the server's RCON for the graceful stop (host port on 127.0.0.1).</summary>
public sealed record RconEndpoint(int Port, string Password);

/// <summary>Create the data directory and the container <c>zedops-&lt;name&gt;</c>, pulling the image if missing.</summary>
public sealed record CreateServer(ServerSpec Spec, bool Start);

/// <summary>Start; recreates the container from <see cref="Spec"/> when it is gone (data kept).</summary>
public sealed record StartServer(ServerSpec Spec);

/// <summary>Graceful stop: RCON save → quit → wait ≤ timeout → docker stop → kill; every step reported.</summary>
public sealed record StopServer(Guid ServerId, string Name, RconEndpoint? Rcon, int TimeoutSeconds);

public sealed record KillServer(Guid ServerId, string Name);

/// <summary>Removes the container; with <see cref="RemoveData"/> also the data directory (purge only).</summary>
public sealed record RemoveServer(Guid ServerId, string Name, string? DataPath, bool RemoveData);

/// <summary>Pull the image again and recreate the container from the spec, keeping the data.</summary>
public sealed record RebuildServer(ServerSpec Spec, bool Start);

/// <summary>The result of any server action: the container as it is now (null when there is none).</summary>
public sealed record ServerActionResult(Guid ServerId, ContainerSummary? Container, IReadOnlyList<string> Steps);

/// <summary>Pushed while an action runs (pull progress, stop steps).</summary>
public sealed record ServerProgress(Guid ServerId, string Step, string Message, DateTimeOffset At) : INamesServer;

/// <summary>Pushed when a server's container prints its readiness line (the profile's pattern).</summary>
public sealed record ServerReady(Guid ServerId, string Name, DateTimeOffset At) : INamesServer;

/// <summary>Everything sync needs in one round trip: managed containers and which data directories exist.</summary>
/// <summary><see cref="CrashPolicies"/> refreshes the agent's crash policy of each server (it otherwise learns it
/// from the spec of the last action), so an agent restarted since keeps honouring a policy that was turned off.</summary>
public sealed record ServerInventory(IReadOnlyList<string> DataPaths, IReadOnlyDictionary<Guid, CrashPolicy>? CrashPolicies = null);

/// <summary><see cref="Ready"/> lists servers whose current run has printed its readiness line (so a sync after a
/// manager restart can tell "running" from "still booting").</summary>
public sealed record ServerInventoryResult(
    IReadOnlyList<ContainerSummary> Containers, IReadOnlyDictionary<string, bool> DataExists, string DataRoot, IReadOnlyList<Guid>? Ready = null);

/// <summary>Which of these ports are held on the host (sockets from /proc/net, or container bindings).</summary>
public sealed record CheckPorts(IReadOnlyList<PortQuery> Ports);

public sealed record PortQuery(int Port, string Protocol);

public sealed record CheckPortsResult(IReadOnlyList<PortUse> InUse);

/// <summary><see cref="HeldBy"/> says what holds it: "host socket" or "container zedops-x".</summary>
public sealed record PortUse(int Port, string Protocol, string HeldBy);

public static class ServerSteps
{
    public const string Pull = "pull";
    public const string CreateData = "data";
    public const string CreateContainer = "create";
    public const string Start = "start";
    public const string RconSave = "rcon.save";
    public const string RconQuit = "rcon.quit";

    /// <summary><c>save</c> / <c>quit</c> typed on the server's stdin when RCON is off or down.</summary>
    public const string ConsoleSave = "console.save";
    public const string ConsoleQuit = "console.quit";

    /// <summary>A flag, not an action: the stop fell back to a signal before any save finished. B41 does not save
    /// on SIGTERM, so unsaved progress may be lost; the manager records it on the activity and in the audit log.</summary>
    public const string UnsavedStop = "signal.unsaved";

    /// <summary>A flag: the container outlived docker stop and was killed.</summary>
    public const string KilledAfterStop = "kill: killed after graceful stop failed";
    public const string WaitExit = "wait";
    public const string DockerStop = "docker.stop";
    public const string Kill = "kill";
    public const string Remove = "remove";
    public const string RemoveData = "remove.data";
    public const string MoveData = "data.move";
}
