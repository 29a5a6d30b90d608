namespace ZedOps.Manager.Data.Entities;

/// <summary>One game server in the catalogue. The agent and Docker are the truth about its container and data;
/// sync copies that truth here (<see cref="Status"/>, <see cref="ContainerId"/>, <see cref="DataExists"/>).</summary>
public sealed class ServerEntity
{
    public Guid Id { get; set; }
    public Guid AgentId { get; set; }
    public required string Name { get; set; }
    public required string ProfileId { get; set; }
    public required string Image { get; set; }
    public required string Tag { get; set; }
    public int GamePort { get; set; }
    public int UdpPort { get; set; }
    public int RconPort { get; set; }

    /// <summary>Absolute host directory of this server's data (the agent's data root + name, or an override).</summary>
    public required string DataPath { get; set; }
    public bool DataPathOverridden { get; set; }

    /// <summary>Non-secret settings as JSON (<c>ServerConfig</c>).</summary>
    public required string ConfigJson { get; set; }

    /// <summary>Admin and RCON passwords, encrypted with ASP.NET Core Data Protection.</summary>
    public required string ProtectedSecrets { get; set; }

    public required string Status { get; set; }
    public bool? DataExists { get; set; }
    public string? ContainerId { get; set; }
    public string? LastError { get; set; }
    public bool RestartPending { get; set; }
    public int StopTimeoutSeconds { get; set; }

    /// <summary>All scheduled tasks of this server are paused: due runs are recorded as skipped.</summary>
    public bool SchedulesPaused { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
}
