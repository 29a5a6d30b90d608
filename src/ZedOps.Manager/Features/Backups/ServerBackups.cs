using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Backups;

/// <summary>Back up now, list, verify and delete a server's backups on its agent's host. A backup is a server
/// operation (one at a time per server, refused clearly while another runs) that leaves the server's status alone.</summary>
public sealed partial class ServerBackups(
    ZedOpsDbContext db, IAgentLink link, ServerOperations operations, ServerLifecycle lifecycle, ServerSpecs specs, ServerActivity activity,
    IServiceScopeFactory scopes, TimeProvider time, ILogger<ServerBackups> logger, BackupTargets.BackupCopier copier)
{
    public async Task<ListBackupsResult> ListAsync(Guid serverId, CancellationToken ct)
    {
        var server = await FindAsync(serverId, ct);
        var local = await link.RequestAsync(server.AgentId, Requests.ListBackups, new ListBackups(server.Id), ct: ct);
        return await BackupTargets.BackupLocations.AddAsync(db, server.Id, local, ct);
    }

    /// <summary>Starts a backup in the background; progress and the result go to the server's activity and the audit.
    /// The returned task is the run itself (awaited by the scheduler to record its result).</summary>
    public async Task<Task<BackupRunOutcome>> StartAsync(Guid serverId, string reason, AuditActor actor, CancellationToken ct)
    {
        var server = await FindAsync(serverId, ct);
        if (server.Status is not (ServerStatuses.Running or ServerStatuses.Stopped or ServerStatuses.Failed))
        {
            throw ServerCommandException.Conflict($"'{server.Name}' is {server.Status}; back it up when it is running or stopped.");
        }
        if (!link.IsOnline(server.AgentId))
        {
            throw new ServerCommandException(503, "Agent offline", $"The agent of '{server.Name}' is offline; the backup was not taken. Try again when it reconnects.");
        }
        if (await operations.ClaimAsync(server.Id, "backup") is { } running)
        {
            throw ServerCommandException.Conflict($"'{server.Name}' is busy ({running}); back it up when that has finished.");
        }
        var request = new CreateBackup(lifecycle.BackupTargetOf(server), server.Name, reason,
            server.Status == ServerStatuses.Running ? specs.Rcon(server) : null);
        // The backup outlives the request that started it.
        return Task.Run(() => RunAsync(server, request, actor), CancellationToken.None);
    }

    private async Task<BackupRunOutcome> RunAsync(ServerEntity server, CreateBackup request, AuditActor actor)
    {
        string? failure = null;
        string? details = null;
        BackupInfo? taken = null;
        try
        {
            activity.Add(new ServerActivityEntry(server.Id, time.GetUtcNow(), "backup",
                request.Rcon is null ? "backing up the stopped server" : "saving the world, then backing it up"));
            var info = taken = await link.RequestAsync(server.AgentId, Requests.CreateBackup, request);
            details = $"{info.Id}: {info.Files} files, {info.DataBytes} bytes → {info.ArchiveBytes} bytes; {info.ConsistencyNote}";
            activity.Add(new ServerActivityEntry(server.Id, time.GetUtcNow(), info.Consistent ? "backup" : "warning", $"backup {details}"));
            _ = copier.AfterBackup(server.Id, server.AgentId, server.Name, info, actor);
        }
        catch (WireRequestException ex)
        {
            failure = $"{ex.Code}: {ex.Message}";
            LogFailed(logger, server.Name, failure);
            activity.Add(new ServerActivityEntry(server.Id, time.GetUtcNow(), "failed", $"backup failed: {failure}"));
        }
        finally
        {
            await operations.EndAsync(server.Id);
        }
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync(actor, "backup.create", $"server:{server.Name}", failure is null, failure ?? details);
        if (failure is not null)
        {
            scope.ServiceProvider.GetRequiredService<Notifications.Notifications>().Publish(new Notifications.NotificationEvent(
                Notifications.NotificationEventTypes.BackupFailed, server.Id, server.AgentId, $"Backup of '{server.Name}' failed",
                $"{failure} (reason: {request.Reason}, by {actor.Name})", time.GetUtcNow(), Notifications.NotificationSeverities.Error));
        }
        if (taken is not null)
        {
            await scope.ServiceProvider.GetRequiredService<Policy.BackupRetention>().PruneAfterBackupAsync(server.Id, taken.Id);
        }
        return new BackupRunOutcome(taken, failure);
    }

    public async Task<BackupInfo> VerifyAsync(Guid serverId, string backupId, AuditActor actor, AuditLog audit, CancellationToken ct)
    {
        var server = await FindAsync(serverId, ct);
        try
        {
            var info = await link.RequestAsync(server.AgentId, Requests.VerifyBackup, new VerifyBackup(server.Id, backupId), ct: ct);
            await audit.WriteAsync(actor, "backup.verify", $"server:{server.Name}", true, $"{backupId}: {info.Files} files intact", ct);
            return info;
        }
        catch (WireRequestException ex) when (ex.Code is ErrorCodes.BackupCorrupt or ErrorCodes.BackupUnsafe)
        {
            await audit.WriteAsync(actor, "backup.verify", $"server:{server.Name}", false, $"{backupId}: {ex.Message}", ct);
            throw;
        }
    }

    public async Task<bool> DeleteAsync(Guid serverId, string backupId, AuditActor actor, AuditLog audit, CancellationToken ct)
    {
        var server = await FindAsync(serverId, ct);
        var result = await link.RequestAsync(server.AgentId, Requests.DeleteBackup, new DeleteBackup(server.Id, backupId), ct: ct);
        await audit.WriteAsync(actor, "backup.delete", $"server:{server.Name}", result.Existed, result.Existed ? backupId : $"{backupId}: no such backup", ct);
        return result.Existed;
    }

    private async Task<ServerEntity> FindAsync(Guid id, CancellationToken ct) =>
        await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.Status != ServerStatuses.Deleted, ct) ?? throw ServerCommandException.NotFound(id);

    [LoggerMessage(LogLevel.Warning, "Backup of {Server} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string server, string reason);
}
