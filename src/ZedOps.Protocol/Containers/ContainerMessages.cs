namespace ZedOps.Protocol.Containers;

/// <summary>Docker's view of one container, as the agent reports it.</summary>
public sealed record ContainerSummary(
    string Id,
    string Name,
    string Image,
    string State,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int? ExitCode,
    bool Managed,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<PortBinding> Ports);

public sealed record PortBinding(int ContainerPort, string Protocol, string? HostIp, int? HostPort);

/// <summary>Docker container states (the <c>State</c> field of the Engine API).</summary>
public static class ContainerStates
{
    public const string Created = "created";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Restarting = "restarting";
    public const string Removing = "removing";
    public const string Exited = "exited";
    public const string Dead = "dead";
    public const string Removed = "removed";
}

public sealed record ListContainers(bool All);

public sealed record ListContainersResult(IReadOnlyList<ContainerSummary> Containers);

public sealed record InspectContainer(string Id);

public sealed record InspectContainerResult(ContainerSummary Container);

/// <summary>start / stop / restart / kill; <see cref="GraceSeconds"/> applies to stop and restart.</summary>
public sealed record ContainerAction(string Id, int? GraceSeconds = null);

public sealed record ContainerActionResult(ContainerSummary Container);

/// <summary>Pushed by the agent from Docker's event stream for managed containers (and any container being followed).</summary>
public sealed record ContainerStateChanged(string Id, string Name, string Action, string State, int? ExitCode, DateTimeOffset At, ContainerSummary? Container);

public static class LogStreams
{
    public const string Stdout = "stdout";
    public const string Stderr = "stderr";

    /// <summary>A line ZedOps inserts itself: stream resumed, lines skipped, container gone.</summary>
    public const string Marker = "marker";
}

public sealed record LogLine(DateTimeOffset At, string Stream, string Text);

/// <summary>Starts (or joins) the agent's single Docker follow of a container. The reply carries the last
/// <see cref="Tail"/> lines; later lines arrive as <see cref="LogLinesAppended"/> events with the same subscription id.</summary>
public sealed record SubscribeLogs(string ContainerId, string SubscriptionId, int Tail);

public sealed record SubscribeLogsResult(string ContainerId, string ContainerName, IReadOnlyList<LogLine> Lines);

public sealed record UnsubscribeLogs(string SubscriptionId);

public sealed record UnsubscribeLogsResult(bool Existed);

/// <summary>A batch of lines for one subscription; <see cref="Skipped"/> counts lines dropped for a slow reader.</summary>
public sealed record LogLinesAppended(string SubscriptionId, IReadOnlyList<LogLine> Lines, long Skipped);

/// <summary>Read the last lines of a container's log without following it.</summary>
public sealed record ReadLogs(string ContainerId, int Tail);

public sealed record ReadLogsResult(string ContainerId, string ContainerName, IReadOnlyList<LogLine> Lines);
