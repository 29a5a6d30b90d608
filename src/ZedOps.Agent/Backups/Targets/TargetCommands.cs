using Microsoft.Extensions.Logging;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Backups.Targets;

/// <summary>The agent's off-host subjects: push a local backup to a target, fetch one back into the local store,
/// test a target. Credentials arrive in each request and live only in memory for its duration.</summary>
internal sealed partial class TargetCommands(BackupStore store, ILogger<TargetCommands> logger)
{
    public MessageRouter Register(MessageRouter router) => router
        .Handle(Requests.PushBackup, (req, ct) => new ValueTask<PushBackupResult>(Typed(() => PushAsync(req, ct))))
        .Handle(Requests.FetchBackup, (req, ct) => new ValueTask<BackupInfo>(store.ExclusiveAsync(req.ServerId, () => Typed(() => FetchAsync(req, ct)))))
        .Handle(Requests.TestRemoteTarget, (req, ct) => new ValueTask<TestRemoteTargetResult>(Typed(() => TestAsync(req.Target, ct))));

    internal async Task<PushBackupResult> PushAsync(PushBackup req, CancellationToken ct)
    {
        var archive = store.ArchivePath(req.ServerId, req.BackupId);
        var sidecar = BackupArchive.SidecarPath(archive);
        if (!File.Exists(archive) || !File.Exists(sidecar))
        {
            throw new WireRequestException(ErrorCodes.NotFound, $"no backup {req.BackupId} of this server on this host to copy");
        }
        var (archiveKey, sidecarKey) = RemoteStores.KeysOf(req.ServerId, req.BackupId);
        await using var remote = await RemoteStores.OpenAsync(req.Target, ct);
        await remote.UploadAsync(archive, archiveKey, ct);
        await remote.UploadAsync(sidecar, sidecarKey, ct);
        var bytes = new FileInfo(archive).Length;
        LogPushed(logger, req.BackupId, req.Target.Name, bytes);
        return new PushBackupResult(remote.Describe(archiveKey), bytes);
    }

    /// <summary>Downloads into <c>.partial</c> names, verifies the archive against its sidecar's checksum and its own
    /// manifest, and only then renames both into the store. A failed fetch leaves nothing behind.</summary>
    internal async Task<BackupInfo> FetchAsync(FetchBackup req, CancellationToken ct)
    {
        var archive = store.ArchivePath(req.ServerId, req.BackupId);
        if (File.Exists(archive) && await BackupArchive.ReadSidecarAsync(archive, ct) is not null)
        {
            return await store.InfoAsync(req.ServerId, req.BackupId, ct);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        var sidecar = BackupArchive.SidecarPath(archive);
        var partialArchive = archive + ".partial";
        var partialSidecar = BackupArchive.SidecarPath(partialArchive);
        var (archiveKey, sidecarKey) = RemoteStores.KeysOf(req.ServerId, req.BackupId);
        try
        {
            await using (var remote = await RemoteStores.OpenAsync(req.Target, ct))
            {
                await DownloadAsync(remote, sidecarKey, partialSidecar, ct);
                await DownloadAsync(remote, archiveKey, partialArchive, ct);
            }
            await VerifyAsync(partialArchive, ct);
            File.Move(partialArchive, archive, overwrite: true);
            File.Move(partialSidecar, sidecar, overwrite: true);
        }
        finally
        {
            File.Delete(partialArchive);
            File.Delete(partialSidecar);
        }
        LogFetched(logger, req.BackupId, req.Target.Name);
        return await store.InfoAsync(req.ServerId, req.BackupId, ct);
    }

    private static async Task DownloadAsync(IRemoteStore remote, string key, string path, CancellationToken ct)
    {
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await remote.DownloadAsync(key, file, ct);
    }

    private static async Task VerifyAsync(string archive, CancellationToken ct)
    {
        var expected = await BackupArchive.ReadSidecarAsync(archive, ct)
            ?? throw new BackupException(BackupException.Corrupt, "the backup's sidecar on the target is not readable");
        var actual = await BackupArchive.HashFileAsync(archive, ct);
        if (!string.Equals(actual, expected.ArchiveSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new BackupException(BackupException.Corrupt, $"the archive downloaded from the target does not match its checksum (SHA-256 {actual}, expected {expected.ArchiveSha256}); nothing was kept");
        }
        await BackupExtraction.VerifyAsync(archive, ct);
    }

    internal static async Task<TestRemoteTargetResult> TestAsync(RemoteTarget target, CancellationToken ct)
    {
        var probe = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(probe, "zedops probe: safe to delete\n", ct);
            var key = $".zedops-probe-{Guid.NewGuid():N}";
            await using var remote = await RemoteStores.OpenAsync(target, ct);
            await remote.UploadAsync(probe, key, ct);
            await remote.DeleteAsync(key, ct);
            return new TestRemoteTargetResult($"connected, wrote and deleted {remote.Describe(key)}");
        }
        finally
        {
            File.Delete(probe);
        }
    }

    private static async Task<T> Typed<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (RemoteTargetException ex)
        {
            throw new WireRequestException(ErrorCodes.BackupTargetFailed, ex.Message);
        }
        catch (BackupException ex)
        {
            throw new WireRequestException(ex.Code == BackupException.DiskFull ? ErrorCodes.DiskFull : ErrorCodes.BackupCorrupt, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "Backup {Id} copied to target {Target} ({Bytes} bytes)")]
    private static partial void LogPushed(ILogger logger, string id, string target, long bytes);

    [LoggerMessage(LogLevel.Information, "Backup {Id} fetched from target {Target} and verified")]
    private static partial void LogFetched(ILogger logger, string id, string target);
}
