using ZedOps.Protocol.Backups;

namespace ZedOps.Manager.Features.Backups;

/// <summary>How a backup run in the background ended: the backup taken, or why none was.</summary>
public sealed record BackupRunOutcome(BackupInfo? Backup, string? Failure);
