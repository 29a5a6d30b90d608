using Microsoft.AspNetCore.Identity;

namespace ZedOps.Manager.Data.Entities;

public sealed class ZedOpsUser : IdentityUser<Guid>
{
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class ZedOpsRole : IdentityRole<Guid>
{
    public ZedOpsRole()
    {
    }

    public ZedOpsRole(string name) : base(name)
    {
    }
}

public sealed class AgentEntity
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastSeenAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? Hostname { get; set; }
    public string? Os { get; set; }
    public string? AgentVersion { get; set; }
    public string? DockerVersion { get; set; }

    /// <summary>Where the agent keeps game-server data, as it reported in its hello.</summary>
    public string? DataRoot { get; set; }
}

public sealed class RegistrationTokenEntity
{
    public Guid Id { get; set; }
    public required string TokenHash { get; set; }
    public string? Name { get; set; }
    public Guid CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
    public Guid? UsedByAgentId { get; set; }
}

public sealed class ApiTokenEntity
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public required string Name { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>The owner's security stamp when the token was made; the token works only while it still matches.</summary>
    public required string SecurityStamp { get; set; }
}

/// <summary>Append-only record of a state-changing action.</summary>
public sealed class AuditEventEntity
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public Guid? ActorId { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public string? Target { get; set; }
    public string? Details { get; set; }
    public bool Succeeded { get; set; }
    public string? RemoteIp { get; set; }
    public string? UserAgent { get; set; }
}
