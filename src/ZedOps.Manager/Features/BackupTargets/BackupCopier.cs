using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.BackupTargets;

/// <summary>After each successful backup, asks the server's agent to copy it to every target that applies to the
/// server, one after the other, in the background. Each copy is recorded (copying → copied or failed, with the reason)
/// in <c>backup_copies</c>, on the server's activity and in the audit; a failed copy never fails the backup itself.</summary>
public sealed partial class BackupCopier(IServiceScopeFactory scopes, IAgentLink link, ServerActivity activity, TimeProvider time, ILogger<BackupCopier> logger)
{
    public const string Copying = "copying";
    public const string Copied = "copied";
    public const string Failed = "failed";

    /// <summary>Starts the copies; the returned task (awaited only by tests) ends when all of them have.</summary>
    public Task AfterBackup(Guid serverId, Guid agentId, string serverName, BackupInfo info, AuditActor actor) =>
        Task.Run(() => CopyAllAsync(serverId, agentId, serverName, info, actor), CancellationToken.None);

    private async Task CopyAllAsync(Guid serverId, Guid agentId, string serverName, BackupInfo info, AuditActor actor)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var targets = await scope.ServiceProvider.GetRequiredService<BackupTargets>().ForServerAsync(serverId, CancellationToken.None);
            foreach (var target in targets)
            {
                await CopyAsync(scope.ServiceProvider, serverId, agentId, serverName, info, target, actor);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A background task has no caller: the failure is logged rather than lost.
            LogCopiesFailed(logger, serverName, info.Id, ex.Message);
        }
    }

    private async Task CopyAsync(IServiceProvider services, Guid serverId, Guid agentId, string serverName, BackupInfo info, RemoteTarget target, AuditActor actor)
    {
        var db = services.GetRequiredService<ZedOpsDbContext>();
        var row = await RecordAsync(db, serverId, info, target.Id, Copying, null, null);
        activity.Add(new ServerActivityEntry(serverId, time.GetUtcNow(), "backup", $"copying backup {info.Id} to target '{target.Name}'"));
        string details;
        try
        {
            var pushed = await link.RequestAsync(agentId, Requests.PushBackup, new PushBackup(serverId, info.Id, target));
            (row.State, row.Location, row.Error) = (Copied, pushed.Location, null);
            details = $"{info.Id} → '{target.Name}' ({pushed.Location}, {pushed.Bytes} bytes)";
            activity.Add(new ServerActivityEntry(serverId, time.GetUtcNow(), "backup", $"backup {details}"));
        }
        catch (WireRequestException ex)
        {
            (row.State, row.Error) = (Failed, ex.Message);
            details = $"{info.Id} → '{target.Name}': {ex.Message}";
            LogCopyFailed(logger, serverName, info.Id, target.Name, ex.Message);
            activity.Add(new ServerActivityEntry(serverId, time.GetUtcNow(), "failed", $"copy of backup {details}"));
        }
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync();
        await services.GetRequiredService<AuditLog>().WriteAsync(actor, "backup.copy", $"server:{serverName}", row.State == Copied, details);
    }

    internal async Task<BackupCopyEntity> RecordAsync(ZedOpsDbContext db, Guid serverId, BackupInfo info, Guid targetId, string state, string? location, string? error)
    {
        var row = await db.BackupCopies.FirstOrDefaultAsync(c => c.ServerId == serverId && c.BackupId == info.Id && c.TargetId == targetId);
        if (row is null)
        {
            row = new BackupCopyEntity { ServerId = serverId, BackupId = info.Id, TargetId = targetId, State = state, Info = "" };
            db.BackupCopies.Add(row);
        }
        (row.State, row.Location, row.Error, row.UpdatedAt) = (state, location, error, time.GetUtcNow());
        row.Info = JsonSerializer.Serialize(info with { Locations = null }, ProtocolJsonContext.Default.BackupInfo);
        await db.SaveChangesAsync();
        return row;
    }

    [LoggerMessage(LogLevel.Warning, "Copy of backup {Id} of {Server} to target {Target} failed: {Reason}")]
    private static partial void LogCopyFailed(ILogger logger, string server, string id, string target, string reason);

    [LoggerMessage(LogLevel.Error, "Copies of backup {Id} of {Server} could not run: {Reason}")]
    private static partial void LogCopiesFailed(ILogger logger, string server, string id, string reason);
}
