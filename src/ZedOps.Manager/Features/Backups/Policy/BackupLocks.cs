using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;

namespace ZedOps.Manager.Features.Backups.Policy;

/// <summary>Locks a backup against deletion and retention, or unlocks it. The lock lives in the backup's sidecar on
/// the agent's host, so it follows the backup file rather than a manager row that could drift from it.</summary>
public sealed class BackupLocks(ZedOpsDbContext db, IAgentLink link, AuditLog audit)
{
    public async Task<BackupInfo> SetAsync(Guid serverId, string backupId, bool locked, AuditActor actor, CancellationToken ct)
    {
        var server = await PolicyServers.FindAsync(db, serverId, ct);
        var info = await link.RequestAsync(server.AgentId, Requests.LockBackup, new LockBackup(server.Id, backupId, locked), ct: ct);
        await audit.WriteAsync(actor, locked ? "backup.lock" : "backup.unlock", $"server:{server.Name}", true, backupId, ct);
        return info;
    }
}
