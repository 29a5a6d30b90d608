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
    int? HeartbeatMilliseconds = null,
    string? SigningKey = null);

public sealed record HelloRejected(string Code, string Reason);

public sealed record HostInfo(
    string Hostname,
    string Os,
    string Kernel,
    string Architecture,
    int ProcessorCount,
    string AgentVersion,
    string DataRoot,
    string? BuildSha256 = null);

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

/// <summary>Replace the agent's binary with the manager's build: <see cref="Manifest"/> is the build's SHA256SUMS text,
/// <see cref="Signature"/> its ECDSA P-256/SHA-256 signature (base64) by the manager key the agent pinned at registration;
/// <see cref="Sha256"/> is the new binary's line of it. The agent fetches the files from <c>/agent/{rid}/{file}</c>.</summary>
public sealed record AgentUpdateRequest(string Version, string Sha256, string Manifest, string Signature);

/// <summary>Sent just before the agent restarts into the new binary (or with <see cref="AlreadyCurrent"/> when nothing changes).</summary>
public sealed record AgentUpdateResult(string FromSha256, string ToSha256, bool AlreadyCurrent);

public static class PeerRoles
{
    public const string Agent = "agent";
    public const string Manager = "manager";
}
