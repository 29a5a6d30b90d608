using ZedOps.Protocol.Servers;

namespace ZedOps.Protocol.Backups;

/// <summary>Which server's data a backup request is about. <see cref="DataPath"/> is the host directory that holds
/// the game's <c>Server/</c>, <c>db/</c>, <c>Saves/</c> (PZ's cache dir); <see cref="World"/> is PZ's server name.</summary>
public sealed record BackupTarget(Guid ServerId, string DataPath, string World);

/// <summary>Back up now. With <see cref="Rcon"/> (a running server) the agent first saves the world and waits for
/// the save to finish; a save it cannot confirm still gives a backup, marked not confirmed consistent.</summary>
public sealed record CreateBackup(BackupTarget Target, string ServerName, string Reason, RconEndpoint? Rcon);

public sealed record BackupInfo(
    string Id,
    Guid ServerId,
    string ServerName,
    string World,
    DateTimeOffset CreatedAt,
    long ArchiveBytes,
    long DataBytes,
    int Files,
    string ArchiveSha256,
    bool Consistent,
    string? ConsistencyNote,
    string Reason,
    IReadOnlyList<BackupLocation>? Locations = null,
    bool Locked = false);

/// <summary>How far a backup (<see cref="BackupPhases.Copying"/>) or a restore (<see cref="BackupPhases.Unpacking"/>)
/// has got, pushed about once a second while it runs.</summary>
public sealed record BackupProgressed(Guid ServerId, string Phase, long BytesDone, long BytesTotal, int FilesDone, int FilesTotal, DateTimeOffset At) : INamesServer;

public static class BackupPhases
{
    public const string Copying = "copying";
    public const string Unpacking = "unpacking";
}

public sealed record ListBackups(Guid ServerId);

public sealed record ListBackupsResult(IReadOnlyList<BackupInfo> Backups, long FreeBytes);

/// <summary>Reads the whole archive and checks every file against its manifest; nothing is written.</summary>
public sealed record VerifyBackup(Guid ServerId, string BackupId);

public sealed record DeleteBackup(Guid ServerId, string BackupId);

public sealed record DeleteBackupResult(bool Existed);

/// <summary>Locks a backup against deletion and retention (or unlocks it). The lock is kept in the backup's sidecar on
/// the agent's host, so it follows the backup and survives restarts of either side.</summary>
public sealed record LockBackup(Guid ServerId, string BackupId, bool Locked);

/// <summary>Replaces the world of a stopped server with a backup. The replaced files are kept aside until
/// <see cref="FinishRestore"/> says whether the restored server came up (discard them) or not (put them back).</summary>
public sealed record RestoreBackup(BackupTarget Target, string BackupId);

/// <summary><see cref="Warnings"/>: problems found in the restored files that do not stop the restore, such as a
/// SQLite database that fails its integrity check (the archive holds it as the server had it).</summary>
public sealed record RestoreBackupResult(BackupInfo Backup, int Files, IReadOnlyList<string> Steps, IReadOnlyList<string>? Warnings = null);

public sealed record FinishRestore(BackupTarget Target, bool Keep);

public sealed record FinishRestoreResult(bool RolledBack, IReadOnlyList<string> Steps);

/// <summary>PZ names a world's files and its players' rows (<c>players.db</c>'s <c>world</c> column) by the server name
/// (<c>-servername</c>), so a backup is restored only into a server that runs the same world name: renamed files would
/// still hold rows of the old name, and characters would be lost.</summary>
public static class BackupWorlds
{
    public static string Mismatch(string backupWorld, string serverWorld) =>
        $"The backup holds the world '{backupWorld}', this server runs the world '{serverWorld}'; nothing was touched. " +
        "Restore it into a new server (which boots that world), or set this server's world name to it first.";
}
