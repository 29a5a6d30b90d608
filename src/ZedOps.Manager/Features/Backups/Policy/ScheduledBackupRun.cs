using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Backups.Policy;

/// <summary>One claimed scheduled run: the backup (reason "scheduled", actor "system") in the schedule's mode, awaited
/// to the end, and its result as the schedule shows it.</summary>
internal static class ScheduledBackupRun
{
    public const string Reason = "scheduled";

    public static async Task<(string Result, string Message)> ExecuteAsync(IServiceProvider services, Guid serverId, string mode)
    {
        try
        {
            var run = mode == BackupScheduleRules.StopBackupStart
                ? await services.GetRequiredService<ServerLifecycle>().StopBackupStartAsync(serverId, Reason, AuditActor.System)
                : await services.GetRequiredService<ServerBackups>().StartAsync(serverId, Reason, AuditActor.System, CancellationToken.None);
            var outcome = await run;
            if (outcome.Failure is { } failure)
            {
                return (BackupScheduleRules.Failed, failure);
            }
            var b = outcome.Backup!;
            return (BackupScheduleRules.Ok, $"backup {b.Id}: {b.Files} files, {b.ArchiveBytes} bytes" + (b.Consistent ? "" : $"; {b.ConsistencyNote}"));
        }
        catch (ServerCommandException ex) when (ex.Status == 409)
        {
            return (BackupScheduleRules.Skipped, $"skipped: {ex.Message}");
        }
        catch (Exception ex) when (ex is ServerCommandException or WireRequestException)
        {
            // A run that never started (agent offline…); a run that started and failed is reported by ServerBackups.
            services.GetRequiredService<Notifications.Notifications>().Publish(new Notifications.NotificationEvent(
                Notifications.NotificationEventTypes.BackupFailed, serverId, null, "Scheduled backup failed",
                ex.Message, services.GetRequiredService<TimeProvider>().GetUtcNow(), Notifications.NotificationSeverities.Error));
            return (BackupScheduleRules.Failed, ex.Message);
        }
    }
}
