using ZedOps.Protocol.Agents;

namespace ZedOps.Manager.Features.Agents;

public static class AgentStatuses
{
    public const string Online = "online";
    public const string Offline = "offline";
}

/// <summary>What the manager knows of an agent right now (immutable; each change makes a new one).</summary>
public sealed record AgentLiveState(
    Guid Id,
    string Name,
    bool Online,
    DateTimeOffset? LastSeenAt,
    HostInfo? Host,
    HostMetrics? Metrics,
    DockerStatus? Docker,
    DateTimeOffset? ConnectedAt)
{
    public string Status => Online ? AgentStatuses.Online : AgentStatuses.Offline;
}
