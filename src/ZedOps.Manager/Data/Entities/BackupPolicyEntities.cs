namespace ZedOps.Manager.Data.Entities;

/// <summary>A server's retention: keep the newest <see cref="KeepLast"/>, the newest of each of the last
/// <see cref="KeepDaily"/> days and <see cref="KeepWeekly"/> ISO weeks that have backups. All zero keeps everything.</summary>
public sealed class BackupPolicyEntity
{
    public Guid ServerId { get; set; }
    public int KeepLast { get; set; }
    public int KeepDaily { get; set; }
    public int KeepWeekly { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A cron schedule that backs a server up. <see cref="NextRunAt"/> is also the claim token: a run is taken
/// by the one UPDATE that still finds the value it read, so two manager processes never both run it.</summary>
public sealed class BackupScheduleEntity
{
    public Guid Id { get; set; }
    public Guid ServerId { get; set; }
    public required string Cron { get; set; }
    public required string TimeZone { get; set; }
    public required string Mode { get; set; }
    public bool Enabled { get; set; }
    public DateTimeOffset? NextRunAt { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
    public string? LastResult { get; set; }
    public string? LastMessage { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
