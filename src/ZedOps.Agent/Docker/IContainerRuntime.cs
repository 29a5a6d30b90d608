using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Agent.Docker;

/// <summary>The only Docker seam (pterodactyl/wings environment.go in spirit). Failures are
/// <see cref="ContainerRuntimeException"/> with a code from ErrorCodes: not_found, conflict, docker_error, docker_unavailable.</summary>
public interface IContainerRuntime
{
    /// <summary>Whether the daemon answers, and its version; never throws.</summary>
    Task<DockerStatus> CheckAsync(CancellationToken ct);

    /// <summary>Containers labelled <c>zedops.managed=true</c>, or every container when <paramref name="all"/>.</summary>
    Task<IReadOnlyList<ContainerSummary>> ListAsync(bool all, CancellationToken ct);

    /// <summary>Null when no container has that id, id prefix or name.</summary>
    Task<ContainerSummary?> InspectAsync(string idOrName, CancellationToken ct);

    Task StartAsync(string idOrName, CancellationToken ct);

    Task StopAsync(string idOrName, TimeSpan grace, CancellationToken ct);

    Task RestartAsync(string idOrName, TimeSpan grace, CancellationToken ct);

    Task KillAsync(string idOrName, CancellationToken ct);

    /// <summary>Log lines with Docker's timestamps, stdout and stderr kept apart, oldest first. Without follow it ends
    /// after the last line; with follow it ends when the container stops (or <paramref name="ct"/> is cancelled).</summary>
    IAsyncEnumerable<LogLine> ReadLogsAsync(string idOrName, LogReadOptions options, CancellationToken ct);

    /// <summary>Docker's container events (all containers) until cancelled or the daemon goes away.</summary>
    IAsyncEnumerable<ContainerEvent> WatchEventsAsync(CancellationToken ct);

    /// <summary>Null when the image is not present locally.</summary>
    Task<ImageInfo?> InspectImageAsync(string image, CancellationToken ct);

    /// <summary>Pulls from the image's registry, reporting Docker's status lines; fails with image_pull_failed.</summary>
    Task PullImageAsync(string image, IProgress<string> progress, CancellationToken ct);

    /// <summary>Creates (does not start) a container; returns its id. A taken name is a conflict.</summary>
    Task<string> CreateAsync(ContainerCreateSpec spec, CancellationToken ct);

    Task RemoveAsync(string idOrName, bool force, CancellationToken ct);

    /// <summary>The container with its env (image defaults included) and bind mounts; null when there is none.</summary>
    Task<ContainerDetails?> InspectDetailsAsync(string idOrName, CancellationToken ct);

    /// <summary>Writes <paramref name="text"/> to the running container's stdin (its console). False when the container
    /// was created without an open stdin, or is not running: nothing was sent.</summary>
    Task<bool> WriteStdinAsync(string idOrName, string text, CancellationToken ct);

    /// <summary>Docker's streaming stats of a running container (about one reading a second) until it stops, the daemon
    /// goes away or <paramref name="ct"/> is cancelled: one long-lived call per container, never one per sample.</summary>
    IAsyncEnumerable<ContainerStatsReading> StreamStatsAsync(string idOrName, CancellationToken ct);

    /// <summary>The exit code once the container has stopped, or null when it still runs after <paramref name="timeout"/>.</summary>
    Task<int?> WaitForExitAsync(string idOrName, TimeSpan timeout, CancellationToken ct);
}

/// <summary>One stats reading with Docker's cumulative counters: CPU time (ns) of the container and of the whole host
/// (now and at the previous reading), memory used without the page cache, and bytes summed over interfaces and devices.</summary>
public sealed record ContainerStatsReading(
    DateTimeOffset At,
    ulong CpuTotalNs,
    ulong SystemCpuNs,
    ulong PreviousCpuTotalNs,
    ulong PreviousSystemCpuNs,
    uint OnlineCpus,
    long MemoryUsedBytes,
    long MemoryLimitBytes,
    long NetRxBytes,
    long NetTxBytes,
    long BlockReadBytes,
    long BlockWriteBytes);

/// <summary>What adoption needs beyond <see cref="ContainerSummary"/>: env as a map and bind mounts (source → target).</summary>
public sealed record ContainerDetails(ContainerSummary Container, IReadOnlyDictionary<string, string> Env, IReadOnlyList<ServerMount> BindMounts);

public sealed record ImageInfo(string Id, IReadOnlyList<string> Tags);

/// <summary>A container as lifecycle creates it: restart policy "no", every mount a bind mount, stdin kept open (so
/// the agent can type <c>save</c>/<c>quit</c> on the console when RCON is down).</summary>
public sealed record ContainerCreateSpec(
    string Name,
    string Image,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<ServerMount> Mounts,
    IReadOnlyList<ServerPort> Ports,
    TimeSpan StopTimeout);

/// <summary><paramref name="Tail"/> null = whole log; <paramref name="Since"/> skips lines at or before that instant.</summary>
public sealed record LogReadOptions(int? Tail, bool Follow, DateTimeOffset? Since = null);

/// <summary>One Docker event about a container (action: create, start, die, stop, kill, destroy, restart, …).</summary>
public sealed record ContainerEvent(string Id, string Name, string Action, int? ExitCode, DateTimeOffset At, IReadOnlyDictionary<string, string> Labels);

public sealed class ContainerRuntimeException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}

public static class ContainerLabels
{
    public const string Managed = "zedops.managed";
    public const string ServerId = "zedops.server.id";
    public const string ServerName = "zedops.server.name";

    /// <summary>The readiness text of the server's image profile, so a start by hand is watched too.</summary>
    public const string Readiness = "zedops.readiness";
}
