using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Backups;

/// <summary>
/// The host's backup directory: <c>&lt;backup root&gt;/&lt;server id&gt;/&lt;backup id&gt;.tar.zst</c> plus its sidecar.
/// Backup ids are generated here and checked against one pattern on every request, so a request can never name a
/// file outside the server's own backup directory. One backup or restore per server at a time.
/// </summary>
internal sealed partial class BackupStore(IOptions<AgentOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _locks = new();

    public string Root => options.Value.BackupRoot is { Length: > 0 } root
        ? Path.GetFullPath(root)
        : Path.GetFullPath(options.Value.DataRoot).TrimEnd('/') + "-backups";

    public string ServerDir(Guid serverId) => Path.Combine(Root, serverId.ToString("D"));

    public string ArchivePath(Guid serverId, string backupId) => IdPattern().IsMatch(backupId)
        ? Path.Combine(ServerDir(serverId), backupId + BackupArchive.Extension)
        : throw new WireRequestException(ErrorCodes.BadRequest, $"'{backupId}' is not a backup id");

    public string NewId() => $"{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..6]}";

    /// <summary>Runs <paramref name="action"/> as the server's only backup operation, or refuses with a conflict.</summary>
    public async Task<T> ExclusiveAsync<T>(Guid serverId, Func<Task<T>> action)
    {
        var gate = _locks.GetOrAdd(serverId, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(0))
        {
            throw new WireRequestException(ErrorCodes.Conflict, "another backup or restore of this server is running; try again when it has finished");
        }
        try
        {
            return await action();
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task<ListBackupsResult> ListAsync(Guid serverId, CancellationToken ct)
    {
        var dir = ServerDir(serverId);
        var list = new List<BackupInfo>();
        if (Directory.Exists(dir))
        {
            foreach (var archive in Directory.EnumerateFiles(dir, "*" + BackupArchive.Extension))
            {
                var id = Path.GetFileName(archive)[..^BackupArchive.Extension.Length];
                if (IdPattern().IsMatch(id) && await BackupArchive.ReadSidecarAsync(archive, ct) is { } sidecar)
                {
                    list.Add(ToInfo(serverId, id, sidecar));
                }
            }
        }
        Directory.CreateDirectory(Root);
        return new ListBackupsResult([.. list.OrderByDescending(b => b.CreatedAt)], new DriveInfo(Root).AvailableFreeSpace);
    }

    public async Task<BackupInfo> InfoAsync(Guid serverId, string backupId, CancellationToken ct)
    {
        var archive = ArchivePath(serverId, backupId);
        return File.Exists(archive) && await BackupArchive.ReadSidecarAsync(archive, ct) is { } sidecar
            ? ToInfo(serverId, backupId, sidecar)
            : throw new WireRequestException(ErrorCodes.NotFound, $"no backup {backupId} of this server on this host");
    }

    /// <summary>Deletes a backup; a locked one is refused (the manager checks too, but the lock lives here).</summary>
    public async Task<bool> DeleteAsync(Guid serverId, string backupId, CancellationToken ct)
    {
        var archive = ArchivePath(serverId, backupId);
        var existed = File.Exists(archive);
        if (existed && await BackupArchive.ReadSidecarAsync(archive, ct) is { Labels.Locked: true })
        {
            throw new WireRequestException(ErrorCodes.Conflict, $"backup {backupId} is locked; unlock it first");
        }
        File.Delete(archive);
        File.Delete(BackupArchive.SidecarPath(archive));
        return existed;
    }

    public static BackupInfo ToInfo(Guid serverId, string id, BackupSidecar s) => new(id, serverId, s.Manifest.ServerName, s.Manifest.World,
        s.Manifest.CreatedAt, s.ArchiveBytes, s.Bytes, s.Files, s.ArchiveSha256, s.Labels.Consistent,
        s.Labels.ConsistencyNote, s.Labels.Reason, Locked: s.Labels.Locked);

    /// <summary>Sets or clears the lock in the backup's sidecar (rewritten atomically: temp file, then rename).</summary>
    public async Task<BackupInfo> SetLockAsync(LockBackup req, CancellationToken ct)
    {
        var archive = ArchivePath(req.ServerId, req.BackupId);
        var sidecar = File.Exists(archive) ? await BackupArchive.ReadSidecarAsync(archive, ct) : null;
        if (sidecar is null)
        {
            throw new WireRequestException(ErrorCodes.NotFound, $"no backup {req.BackupId} of this server on this host");
        }
        sidecar = sidecar with { Labels = sidecar.Labels with { Locked = req.Locked } };
        await BackupArchive.WriteSidecarAsync(archive, sidecar, ct);
        return ToInfo(req.ServerId, req.BackupId, sidecar);
    }

    [GeneratedRegex(@"^\d{8}T\d{6}Z-[0-9a-f]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
