using ZedOps.Protocol.Agents;

namespace ZedOps.Protocol;

/// <summary>The typed catalogue of requests (with default timeouts) and events.</summary>
public static class Requests
{
    private static ProtocolJsonContext Json => ProtocolJsonContext.Default;

    public static readonly RequestSpec<PingRequest, PingResult> Ping =
        new(Subjects.Ping, Json.PingRequest, Json.PingResult, TimeSpan.FromSeconds(5));

    public static readonly RequestSpec<AgentInfoRequest, AgentInfoResult> AgentInfo =
        new(Subjects.AgentInfo, Json.AgentInfoRequest, Json.AgentInfoResult, TimeSpan.FromSeconds(10));
}

public static class Events
{
    private static ProtocolJsonContext Json => ProtocolJsonContext.Default;

    public static readonly EventSpec<Hello> Hello = new(Subjects.Hello, Json.Hello);
    public static readonly EventSpec<HelloRejected> HelloRejected = new(Subjects.HelloRejected, Json.HelloRejected);
    public static readonly EventSpec<Heartbeat> Heartbeat = new(Subjects.Heartbeat, Json.Heartbeat);
}
