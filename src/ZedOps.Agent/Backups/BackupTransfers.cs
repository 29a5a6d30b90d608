using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Backups;

/// <summary>
/// Archives in and out through the manager, one chunk per request. A read opens the archive at an offset and closes
/// it again, so nothing is held between chunks. An upload is a temporary file in the server's backup directory,
/// reserved at its full size when it begins (a disk without room refuses before any byte moves); chunks are written
/// at their offsets; the commit checks the archive exactly as "verify" does and only then gives it a backup id. Every
/// failure (a bad archive, a full disk, an abort, an upload left idle) deletes the temporary file.
/// </summary>
internal sealed partial class BackupTransfers(BackupStore store, TimeProvider time, ILogger<BackupTransfers> logger)
{
    private const string UploadPrefix = ".upload-";

    /// <summary>An upload with no chunk for this long was abandoned by its manager; the next one to begin removes it.</summary>
    internal static readonly TimeSpan IdleUpload = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, Upload> _uploads = new(StringComparer.Ordinal);

    public MessageRouter Register(MessageRouter router) => router
        .Handle(Requests.ReadBackupChunk, (req, ct) => new ValueTask<BackupChunk>(ReadAsync(req, ct)))
        .Handle(Requests.BeginBackupUpload, (req, _) => ValueTask.FromResult(Begin(req)))
        .Handle(Requests.WriteBackupUploadChunk, (req, ct) => new ValueTask<WriteBackupUploadChunkResult>(WriteAsync(req, ct)))
        .Handle(Requests.CommitBackupUpload, (req, ct) => new ValueTask<BackupInfo>(CommitAsync(req, ct)))
        .Handle(Requests.AbortBackupUpload, (req, _) => ValueTask.FromResult(new AbortBackupUploadResult(Abort(req.UploadId))))
        .Handle(Requests.CopyBackup, (req, ct) => new ValueTask<BackupInfo>(CopyAsync(req, ct)));

    internal int OpenUploads => _uploads.Count;

    internal async Task<BackupChunk> ReadAsync(ReadBackupChunk req, CancellationToken ct)
    {
        if (req.Offset < 0 || req.Length is <= 0 or > BackupChunks.Size)
        {
            throw new WireRequestException(ErrorCodes.BadRequest, $"a chunk is 1 to {BackupChunks.Size} bytes from a non-negative offset");
        }
        var archive = store.ArchivePath(req.ServerId, req.BackupId);
        try
        {
            using var handle = File.OpenHandle(archive, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.Asynchronous);
            var buffer = new byte[req.Length];
            var filled = 0;
            int read;
            while (filled < buffer.Length && (read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(filled), req.Offset + filled, ct)) > 0)
            {
                filled += read;
            }
            return new BackupChunk(req.Offset, filled == buffer.Length ? buffer : buffer[..filled]);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new WireRequestException(ErrorCodes.NotFound, $"no backup {req.BackupId} of this server on this host");
        }
    }

    internal BeginBackupUploadResult Begin(BeginBackupUpload req)
    {
        if (req.Length <= 0)
        {
            throw new WireRequestException(ErrorCodes.BadRequest, "an uploaded archive has at least one byte");
        }
        RemoveIdle();
        var dir = store.ServerDir(req.ServerId);
        Directory.CreateDirectory(dir);
        var free = new DriveInfo(dir).AvailableFreeSpace;
        if (free < req.Length)
        {
            throw new WireRequestException(ErrorCodes.DiskFull, $"the backup disk has {free} bytes free, the archive needs {req.Length}; nothing was written");
        }
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var path = Path.Combine(dir, UploadPrefix + id + BackupArchive.Extension + ".partial");
        try
        {
            var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, FileOptions.Asynchronous, req.Length);
            _uploads[id] = new Upload(id, req.ServerId, path, handle, req.Length, time.GetUtcNow());
        }
        catch (IOException ex) when (BackupArchive.IsDiskFull(ex))
        {
            File.Delete(path);
            throw new WireRequestException(ErrorCodes.DiskFull, $"the backup disk has no room for {req.Length} bytes ({ex.Message}); nothing was kept");
        }
        LogBegun(logger, id, req.ServerId, req.Length);
        return new BeginBackupUploadResult(id);
    }

    internal async Task<WriteBackupUploadChunkResult> WriteAsync(WriteBackupUploadChunk req, CancellationToken ct)
    {
        var upload = Find(req.UploadId);
        if (req.Offset < 0 || req.Data.Length == 0 || req.Offset + req.Data.Length > upload.Length)
        {
            throw new WireRequestException(ErrorCodes.BadRequest, $"bytes {req.Offset}+{req.Data.Length} lie outside the announced {upload.Length} bytes");
        }
        try
        {
            await RandomAccess.WriteAsync(upload.Handle, req.Data, req.Offset, ct);
        }
        catch (IOException ex) when (BackupArchive.IsDiskFull(ex))
        {
            Abort(upload.Id);
            throw new WireRequestException(ErrorCodes.DiskFull, $"the backup disk filled up during the upload ({ex.Message}); the partial file was removed");
        }
        catch (ObjectDisposedException)
        {
            throw new WireRequestException(ErrorCodes.NotFound, "the upload was aborted");
        }
        return new WriteBackupUploadChunkResult(upload.Received(req.Data.Length, time.GetUtcNow()));
    }

    /// <summary>Checks the received archive like "verify" (readable zstd, every file matching the manifest, nothing
    /// outside it) and keeps it under a new id.</summary>
    internal async Task<BackupInfo> CommitAsync(CommitBackupUpload req, CancellationToken ct)
    {
        if (!_uploads.TryRemove(req.UploadId, out var upload))
        {
            throw new WireRequestException(ErrorCodes.NotFound, $"no upload {req.UploadId} in progress (it was aborted, committed or left idle too long)");
        }
        upload.Handle.Dispose();
        try
        {
            if (upload.ReceivedBytes != upload.Length)
            {
                throw new WireRequestException(ErrorCodes.BadRequest, $"the upload ended after {upload.ReceivedBytes} of {upload.Length} bytes; nothing was kept");
            }
            return await KeepAsync(upload.Path, upload.ServerId, new BackupLabels(req.Reason, req.Consistent, req.ConsistencyNote), ct);
        }
        finally
        {
            File.Delete(upload.Path);
        }
    }

    /// <summary>A clone on this host: the archive is copied beside the target's backups and checked as an upload is.</summary>
    internal async Task<BackupInfo> CopyAsync(CopyBackup req, CancellationToken ct)
    {
        var source = store.ArchivePath(req.FromServerId, req.BackupId);
        if (!File.Exists(source))
        {
            throw new WireRequestException(ErrorCodes.NotFound, $"no backup {req.BackupId} of the source server on this host");
        }
        var dir = store.ServerDir(req.ToServerId);
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, UploadPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + BackupArchive.Extension + ".partial");
        try
        {
            await using (var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
            await using (var to = new FileStream(temp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous, PreallocationSize = from.Length }))
            {
                await from.CopyToAsync(to, 1 << 20, ct);
            }
            return await KeepAsync(temp, req.ToServerId, new BackupLabels(req.Reason, req.Consistent, req.ConsistencyNote), ct);
        }
        catch (IOException ex) when (BackupArchive.IsDiskFull(ex))
        {
            throw new WireRequestException(ErrorCodes.DiskFull, $"the backup disk has no room for a copy of backup {req.BackupId} ({ex.Message}); nothing was kept");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Checks a received archive like "verify", hashes it for its sidecar and moves it into the store under a new id.</summary>
    private async Task<BackupInfo> KeepAsync(string path, Guid serverId, BackupLabels labels, CancellationToken ct)
    {
        var manifest = await Typed(() => BackupExtraction.VerifyAsync(path, ct));
        var sha = await BackupArchive.HashFileAsync(path, ct);
        var id = store.NewId();
        var archive = store.ArchivePath(serverId, id);
        var sidecar = BackupSidecar.Of(manifest, new FileInfo(path).Length, sha, labels);
        await BackupArchive.WriteSidecarAsync(archive, sidecar, ct);
        File.Move(path, archive);
        LogCommitted(logger, id, serverId, manifest.World, sidecar.ArchiveBytes);
        return BackupStore.ToInfo(serverId, id, sidecar);
    }

    internal bool Abort(string uploadId)
    {
        if (!_uploads.TryRemove(uploadId, out var upload))
        {
            return false;
        }
        upload.Handle.Dispose();
        File.Delete(upload.Path);
        LogAborted(logger, uploadId);
        return true;
    }

    /// <summary>Uploads whose manager went away, and temporary files an agent restart left behind.</summary>
    private void RemoveIdle()
    {
        var now = time.GetUtcNow();
        foreach (var upload in _uploads.Values.Where(u => now - u.LastActivity > IdleUpload))
        {
            Abort(upload.Id);
        }
        if (!Directory.Exists(store.Root))
        {
            return;
        }
        var open = _uploads.Values.Select(u => u.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in Directory.EnumerateFiles(store.Root, UploadPrefix + "*.partial", SearchOption.AllDirectories).Where(p => !open.Contains(p)))
        {
            File.Delete(orphan);
        }
    }

    private Upload Find(string uploadId) => _uploads.TryGetValue(uploadId, out var upload)
        ? upload
        : throw new WireRequestException(ErrorCodes.NotFound, $"no upload {uploadId} in progress (it was aborted, committed or left idle too long)");

    private static async Task<T> Typed<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (BackupException ex)
        {
            throw new WireRequestException(ex.Code == BackupException.Unsafe ? ErrorCodes.BackupUnsafe : ErrorCodes.BackupCorrupt,
                $"the uploaded file is not a valid ZedOps backup: {ex.Message}; it was not kept");
        }
    }

    private sealed class Upload(string id, Guid serverId, string path, SafeFileHandle handle, long length, DateTimeOffset begun)
    {
        private long _received;
        private long _lastActivityTicks = begun.UtcTicks;

        public string Id { get; } = id;
        public Guid ServerId { get; } = serverId;
        public string Path { get; } = path;
        public SafeFileHandle Handle { get; } = handle;
        public long Length { get; } = length;
        public long ReceivedBytes => Interlocked.Read(ref _received);
        public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

        public long Received(int bytes, DateTimeOffset at)
        {
            Interlocked.Exchange(ref _lastActivityTicks, at.UtcTicks);
            return Interlocked.Add(ref _received, bytes);
        }
    }

    [LoggerMessage(LogLevel.Information, "Upload {Id} for server {ServerId} begun: {Bytes} bytes announced")]
    private static partial void LogBegun(ILogger logger, string id, Guid serverId, long bytes);

    [LoggerMessage(LogLevel.Information, "Uploaded backup {Id} of server {ServerId} verified and kept (world {World}, {Bytes} bytes)")]
    private static partial void LogCommitted(ILogger logger, string id, Guid serverId, string world, long bytes);

    [LoggerMessage(LogLevel.Information, "Upload {Id} aborted; its temporary file was removed")]
    private static partial void LogAborted(ILogger logger, string id);
}
