using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Containers;

namespace ZedOps.Protocol;

/// <summary>The typed catalogue of requests (with default timeouts) and events.</summary>
public static class Requests
{
    private static ProtocolJsonContext Json => ProtocolJsonContext.Default;

    public static readonly RequestSpec<PingRequest, PingResult> Ping =
        new(Subjects.Ping, Json.PingRequest, Json.PingResult, TimeSpan.FromSeconds(5));

    public static readonly RequestSpec<AgentInfoRequest, AgentInfoResult> AgentInfo =
        new(Subjects.AgentInfo, Json.AgentInfoRequest, Json.AgentInfoResult, TimeSpan.FromSeconds(10));

    public static readonly RequestSpec<ListContainers, ListContainersResult> ListContainers =
        new(Subjects.ContainerList, Json.ListContainers, Json.ListContainersResult, TimeSpan.FromSeconds(10));

    public static readonly RequestSpec<InspectContainer, InspectContainerResult> InspectContainer =
        new(Subjects.ContainerInspect, Json.InspectContainer, Json.InspectContainerResult, TimeSpan.FromSeconds(10));

    public static readonly RequestSpec<ContainerAction, ContainerActionResult> StartContainer =
        new(Subjects.ContainerStart, Json.ContainerAction, Json.ContainerActionResult, TimeSpan.FromSeconds(60));

    // Stop and restart may wait out the grace period; callers add it to this default.
    public static readonly RequestSpec<ContainerAction, ContainerActionResult> StopContainer =
        new(Subjects.ContainerStop, Json.ContainerAction, Json.ContainerActionResult, TimeSpan.FromSeconds(30));

    public static readonly RequestSpec<ContainerAction, ContainerActionResult> RestartContainer =
        new(Subjects.ContainerRestart, Json.ContainerAction, Json.ContainerActionResult, TimeSpan.FromSeconds(60));

    public static readonly RequestSpec<ContainerAction, ContainerActionResult> KillContainer =
        new(Subjects.ContainerKill, Json.ContainerAction, Json.ContainerActionResult, TimeSpan.FromSeconds(15));

    public static readonly RequestSpec<SubscribeLogs, SubscribeLogsResult> SubscribeLogs =
        new(Subjects.LogsSubscribe, Json.SubscribeLogs, Json.SubscribeLogsResult, TimeSpan.FromSeconds(15));

    public static readonly RequestSpec<UnsubscribeLogs, UnsubscribeLogsResult> UnsubscribeLogs =
        new(Subjects.LogsUnsubscribe, Json.UnsubscribeLogs, Json.UnsubscribeLogsResult, TimeSpan.FromSeconds(5));

    public static readonly RequestSpec<ReadLogs, ReadLogsResult> ReadLogs =
        new(Subjects.LogsRead, Json.ReadLogs, Json.ReadLogsResult, TimeSpan.FromSeconds(15));
}

public static class Events
{
    private static ProtocolJsonContext Json => ProtocolJsonContext.Default;

    public static readonly EventSpec<Hello> Hello = new(Subjects.Hello, Json.Hello);
    public static readonly EventSpec<HelloRejected> HelloRejected = new(Subjects.HelloRejected, Json.HelloRejected);
    public static readonly EventSpec<Heartbeat> Heartbeat = new(Subjects.Heartbeat, Json.Heartbeat);
    public static readonly EventSpec<ContainerStateChanged> ContainerStateChanged = new(Subjects.ContainerStateChanged, Json.ContainerStateChanged);
    public static readonly EventSpec<LogLinesAppended> LogLinesAppended = new(Subjects.LogsAppended, Json.LogLinesAppended);
}
