using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Backups;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers;

public sealed partial class ServerLifecycle
{
    /// <summary>
    /// "Stop, back up, start" as one server operation, so nothing else can start the server in between: a graceful
    /// stop (only if it was running), a backup of the stopped world, then a start — only if it was running before.
    /// A failed backup still starts the server again. The returned task is the run; it ends with the backup (or why
    /// there is none) once the server is back, and the backup is then pruned by the server's retention like any other.
    /// </summary>
    public async Task<Task<BackupRunOutcome>> StopBackupStartAsync(Guid id, string reason, AuditActor actor)
    {
        var done = new TaskCompletionSource<BackupRunOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        await BeginAsync(id, "backup.stop-backup-start", ServerStatuses.Stopping, actor,
            allowed: [ServerStatuses.Running, ServerStatuses.Starting, ServerStatuses.Stopped, ServerStatuses.Failed],
            async (ctx, server, previous) =>
            {
                try
                {
                    var wasRunning = previous is ServerStatuses.Running or ServerStatuses.Starting;
                    if (wasRunning)
                    {
                        await StopOnAgentAsync(ctx, server);
                    }
                    var (info, failure) = await BackUpStoppedAsync(ctx, server, reason, actor);
                    var status = wasRunning ? await StartAndWaitRunningAsync(ctx, server) : ServerStatuses.Stopped;
                    if (wasRunning && status != ServerStatuses.Running)
                    {
                        failure = $"{(info is null ? failure : $"backup {info.Id} was taken")}, but the server did not come back to running ({status})";
                    }
                    if (info is not null)
                    {
                        await ctx.Services.GetRequiredService<Backups.Policy.BackupRetention>().PruneAfterBackupAsync(server.Id, info.Id);
                    }
                    done.TrySetResult(new BackupRunOutcome(info, failure));
                    return status;
                }
                catch (Exception ex)
                {
                    done.TrySetResult(new BackupRunOutcome(null, ex.Message));
                    throw;
                }
            });
        return done.Task;
    }

    private async Task<(BackupInfo?, string?)> BackUpStoppedAsync(ServerContext ctx, Data.Entities.ServerEntity server, string reason, AuditActor actor)
    {
        ctx.Step("backup", "backing up the stopped server");
        try
        {
            var info = await link.RequestAsync(server.AgentId, Requests.CreateBackup, new CreateBackup(BackupTargetOf(server), server.Name, reason, null));
            ctx.Step("backup", $"{reason} backup {info.Id} taken ({info.ArchiveBytes} bytes)");
            _ = ctx.Services.GetRequiredService<BackupTargets.BackupCopier>().AfterBackup(server.Id, server.AgentId, server.Name, info, actor);
            return (info, null);
        }
        catch (WireRequestException ex)
        {
            ctx.Warn($"the {reason} backup failed: {ex.Message}; starting the server again");
            return (null, $"{ex.Code}: {ex.Message}");
        }
    }
}
