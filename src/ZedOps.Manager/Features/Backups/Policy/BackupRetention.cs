using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Backups.Policy;

/// <summary>A server's retention policy and the pruning it drives: after each successful backup of the server and after
/// a policy change, the agent's local backups are planned by <see cref="RetentionPlanner"/> and the ones it drops
/// deleted through the ordinary delete request (which refuses a locked backup on its own too). Each pruned backup is
/// one <c>backup.prune</c> audit row by "system". Copies on off-host targets are left alone.</summary>
public sealed class BackupRetention(ZedOpsDbContext db, IAgentLink link, AuditLog audit, ServerActivity activity, TimeProvider time)
{
    public async Task<RetentionPolicy> GetAsync(Guid serverId, CancellationToken ct)
    {
        await FindServerAsync(serverId, ct);
        var row = await db.BackupPolicies.AsNoTracking().FirstOrDefaultAsync(p => p.ServerId == serverId, ct);
        return row is null ? RetentionPolicy.KeepEverything : new RetentionPolicy(row.KeepLast, row.KeepDaily, row.KeepWeekly);
    }

    public async Task<RetentionPolicy> SetAsync(Guid serverId, RetentionPolicy policy, AuditActor actor, CancellationToken ct)
    {
        Validate(policy);
        var server = await FindServerAsync(serverId, ct);
        var row = await db.BackupPolicies.FirstOrDefaultAsync(p => p.ServerId == serverId, ct);
        if (row is null)
        {
            row = new BackupPolicyEntity { ServerId = serverId };
            db.BackupPolicies.Add(row);
        }
        (row.KeepLast, row.KeepDaily, row.KeepWeekly, row.UpdatedAt) = (policy.KeepLast, policy.KeepDaily, policy.KeepWeekly, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "backup.policy", $"server:{server.Name}", true, Describe(policy), ct);
        return policy;
    }

    public static string Describe(RetentionPolicy p) => p.KeepsEverything
        ? "keep everything"
        : $"keep last {p.KeepLast}, daily {p.KeepDaily}, weekly {p.KeepWeekly}";

    private static void Validate(RetentionPolicy p)
    {
        foreach (var (name, value) in new[] { ("keepLast", p.KeepLast), ("keepDaily", p.KeepDaily), ("keepWeekly", p.KeepWeekly) })
        {
            if (value is < 0 or > RetentionPolicy.Max)
            {
                throw ServerCommandException.Invalid("Invalid retention", $"{name} must be between 0 and {RetentionPolicy.Max} (it is {value}); all zero keeps every backup.");
            }
        }
    }

    /// <summary>Prunes the server's local backups by its policy; returns the ids deleted. Never throws for one backup that
    /// cannot be deleted: that one is audited as failed and the others go on. An offline agent prunes nothing.</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(Guid serverId, string? justTaken, CancellationToken ct)
    {
        var policy = await GetAsync(serverId, ct);
        var server = await FindServerAsync(serverId, ct);
        if (policy.KeepsEverything || !link.IsOnline(server.AgentId))
        {
            return [];
        }
        var listed = await link.RequestAsync(server.AgentId, Requests.ListBackups, new ListBackups(server.Id), ct: ct);
        var plan = RetentionPlanner.Plan(listed.Backups.Select(b => new RetentionCandidate(b.Id, b.CreatedAt, b.Reason, b.Locked)),
            policy, time.GetUtcNow(), justTaken);
        var pruned = new List<string>();
        foreach (var backup in plan.Prune)
        {
            var details = $"{backup.Id} (taken {backup.CreatedAt:u}, {backup.Reason}): outside '{Describe(policy)}'";
            try
            {
                var result = await link.RequestAsync(server.AgentId, Requests.DeleteBackup, new DeleteBackup(server.Id, backup.Id), ct: ct);
                pruned.Add(backup.Id);
                await audit.WriteAsync(AuditActor.System, "backup.prune", $"server:{server.Name}", result.Existed, details, ct);
            }
            catch (WireRequestException ex)
            {
                await audit.WriteAsync(AuditActor.System, "backup.prune", $"server:{server.Name}", false, $"{details}; not deleted: {ex.Message}", ct);
            }
        }
        if (pruned.Count > 0)
        {
            activity.Add(new ServerActivityEntry(server.Id, time.GetUtcNow(), "backup", $"retention ({Describe(policy)}) pruned {pruned.Count} backup(s): {string.Join(", ", pruned)}"));
        }
        return pruned;
    }

    /// <summary>Pruning after a backup: a failure to prune is recorded on the server's activity and never fails the
    /// backup that was just taken.</summary>
    public async Task PruneAfterBackupAsync(Guid serverId, string backupId)
    {
        try
        {
            await PruneAsync(serverId, backupId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WireRequestException or ServerCommandException)
        {
            activity.Add(new ServerActivityEntry(serverId, time.GetUtcNow(), "warning", $"retention could not prune after backup {backupId}: {ex.Message}"));
        }
    }

    private Task<ServerEntity> FindServerAsync(Guid id, CancellationToken ct) => PolicyServers.FindAsync(db, id, ct);
}
