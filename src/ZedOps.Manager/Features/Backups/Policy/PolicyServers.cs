using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Backups.Policy;

internal static class PolicyServers
{
    /// <summary>The catalogued server a lock, policy or schedule is about; a deleted server is not found.</summary>
    public static async Task<ServerEntity> FindAsync(ZedOpsDbContext db, Guid id, CancellationToken ct) =>
        await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.Status != ServerStatuses.Deleted, ct) ?? throw ServerCommandException.NotFound(id);
}
