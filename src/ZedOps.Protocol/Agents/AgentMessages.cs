namespace ZedOps.Protocol.Agents;

/// <summary>First frame each side sends. The agent fills <see cref="Host"/>; the manager fills the agent's identity and the heartbeat interval.</summary>
public sealed record Hello(
    string ProtocolVersion,
    string Role,
    string SoftwareVersion,
    IReadOnlyList<string> Capabilities,
    HostInfo? Host = null,
    DockerStatus? Docker = null,
    Guid? AgentId = null,
    string? AgentName = null,
    int? HeartbeatMilliseconds = null);

public sealed record HelloRejected(string Code, string Reason);

public sealed record HostInfo(
    string Hostname,
    string Os,
    string Kernel,
    string Architecture,
    int ProcessorCount,
    string AgentVersion,
    string DataRoot);

public sealed record DockerStatus(bool Available, string? Version, string? Error);

public sealed record HostMetrics(
    double CpuPercent,
    long MemoryTotalBytes,
    long MemoryUsedBytes,
    long DiskTotalBytes,
    long DiskUsedBytes,
    double Load1,
    long UptimeSeconds);

public sealed record Heartbeat(DateTimeOffset SentAt, HostMetrics Metrics, DockerStatus Docker);

public sealed record PingRequest(DateTimeOffset SentAt);

public sealed record PingResult(DateTimeOffset AgentTime);

public sealed record AgentInfoRequest;

public sealed record AgentInfoResult(HostInfo Host, HostMetrics Metrics, DockerStatus Docker, DateTimeOffset StartedAt);

public static class PeerRoles
{
    public const string Agent = "agent";
    public const string Manager = "manager";
}
