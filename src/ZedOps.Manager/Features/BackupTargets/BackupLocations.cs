using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;

namespace ZedOps.Manager.Features.BackupTargets;

/// <summary>
/// Where each backup is. The manager records every copy it asks for (<c>backup_copies</c>) rather than listing the
/// targets' objects on each page view: the list stays fast and works while a target is slow or down, failed copies
/// can be shown with their reason, and no credentials are used just to draw a list. The price: an object deleted on
/// the target behind ZedOps' back still shows until a restore from it fails (with "not found on the target").
/// </summary>
public static class BackupLocations
{
    public static async Task<ListBackupsResult> AddAsync(ZedOpsDbContext db, Guid serverId, ListBackupsResult local, CancellationToken ct)
    {
        var copies = await db.BackupCopies.AsNoTracking().Where(c => c.ServerId == serverId)
            .Join(db.BackupTargets, c => c.TargetId, t => t.Id, (c, t) => new { Copy = c, t.Name }).ToListAsync(ct);
        var byBackup = copies.GroupBy(c => c.Copy.BackupId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Name).ToList());
        var list = new List<BackupInfo>();
        foreach (var backup in local.Backups)
        {
            var remote = byBackup.GetValueOrDefault(backup.Id) ?? [];
            list.Add(backup with { Locations = [new BackupLocation(BackupLocation.Local, null, "local", BackupCopier.Copied, null),
                .. remote.Select(c => new BackupLocation(BackupLocation.Target, c.Copy.TargetId, c.Name, c.Copy.State, c.Copy.Error))] });
        }
        var localIds = local.Backups.Select(b => b.Id).ToHashSet();
        foreach (var (id, remote) in byBackup.Where(p => !localIds.Contains(p.Key) && p.Value.Any(c => c.Copy.State == BackupCopier.Copied)))
        {
            var info = JsonSerializer.Deserialize(remote[0].Copy.Info, ProtocolJsonContext.Default.BackupInfo)!;
            list.Add(info with { Locations = [.. remote.Select(c => new BackupLocation(BackupLocation.Target, c.Copy.TargetId, c.Name, c.Copy.State, c.Copy.Error))] });
        }
        return local with { Backups = [.. list.OrderByDescending(b => b.CreatedAt)] };
    }

    /// <summary>The target to fetch a backup from when its local copy is gone: the first with a finished copy.</summary>
    public static Task<Guid?> CopiedOnAsync(ZedOpsDbContext db, Guid serverId, string backupId, CancellationToken ct) =>
        db.BackupCopies.AsNoTracking().Where(c => c.ServerId == serverId && c.BackupId == backupId && c.State == BackupCopier.Copied)
            .OrderBy(c => c.UpdatedAt).Select(c => (Guid?)c.TargetId).FirstOrDefaultAsync(ct);
}
