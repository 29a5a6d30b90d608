namespace ZedOps.Manager.Data.Entities;

/// <summary>An off-host backup target (SFTP or S3-compatible). Credentials live only in <see cref="ProtectedSecrets"/>
/// (Data Protection, as for server secrets and TOTP keys); every other column is safe to show.</summary>
public sealed class BackupTargetEntity
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Kind { get; set; }
    public string? Host { get; set; }
    public int? Port { get; set; }
    public string? User { get; set; }
    public string? Directory { get; set; }
    public string? HostKeyFingerprint { get; set; }
    public string? Endpoint { get; set; }
    public string? Region { get; set; }
    public string? Bucket { get; set; }
    public string? Prefix { get; set; }
    public bool PathStyle { get; set; }
    public required string ProtectedSecrets { get; set; }
    public bool AllServers { get; set; }
    public List<Guid> ServerIds { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One backup's copy on one target: the manager's record of where each backup is. <see cref="Info"/> holds the
/// backup's description (protocol JSON) so a backup whose local copy is gone can still be listed and restored.</summary>
public sealed class BackupCopyEntity
{
    public long Id { get; set; }
    public Guid TargetId { get; set; }
    public Guid ServerId { get; set; }
    public required string BackupId { get; set; }
    public required string State { get; set; }
    public string? Error { get; set; }
    public string? Location { get; set; }
    public required string Info { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
