namespace ZedOps.Protocol.Backups;

/// <summary>
/// Moving an archive between the agent and the manager in pieces small enough for one frame (the frame limit is
/// 1 MiB; <see cref="BackupChunks.Size"/> bytes are about 700 KB of base64), so neither side ever holds a whole
/// archive. Reads are stateless (the offset says where), so a few can be in flight at once.
/// </summary>
public static class BackupChunks
{
    public const int Size = 512 * 1024;
}

/// <summary>Reads <see cref="Length"/> bytes (at most <see cref="BackupChunks.Size"/>) of a local backup's archive from <see cref="Offset"/>.</summary>
public sealed record ReadBackupChunk(Guid ServerId, string BackupId, long Offset, int Length);

/// <summary><see cref="Data"/> is shorter than asked only at the end of the archive.</summary>
public sealed record BackupChunk(long Offset, byte[] Data);

/// <summary>Starts receiving an archive of <see cref="Length"/> bytes for a server: the agent reserves the space in a
/// temporary file in its backup directory (a disk without room refuses here, before any byte is sent).</summary>
public sealed record BeginBackupUpload(Guid ServerId, long Length);

public sealed record BeginBackupUploadResult(string UploadId);

/// <summary>One piece of an upload, written at its offset; pieces may arrive out of order.</summary>
public sealed record WriteBackupUploadChunk(string UploadId, long Offset, byte[] Data);

public sealed record WriteBackupUploadChunkResult(long Received);

/// <summary>All bytes sent: the agent checks the archive as "verify" does (readable, every file matching its
/// manifest) and only then adds it to the server's backups with <see cref="Reason"/>. A bad archive is deleted.
/// <see cref="Consistent"/>/<see cref="ConsistencyNote"/> carry over what is known of the world's save state.</summary>
public sealed record CommitBackupUpload(string UploadId, string Reason, bool Consistent, string? ConsistencyNote);

/// <summary>The client went away or the transfer failed: the temporary file is deleted.</summary>
public sealed record AbortBackupUpload(string UploadId);

public sealed record AbortBackupUploadResult(bool Existed);

/// <summary>Copies a backup of one server into another server's backups on the same host (a clone there), checked as an
/// upload is: no archive crosses the link.</summary>
public sealed record CopyBackup(Guid FromServerId, string BackupId, Guid ToServerId, string Reason, bool Consistent, string? ConsistencyNote);
