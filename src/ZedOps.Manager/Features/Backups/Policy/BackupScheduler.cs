using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Servers;
using static ZedOps.Manager.Features.Backups.Policy.BackupScheduleRules;

namespace ZedOps.Manager.Features.Backups.Policy;

/// <summary>
/// Runs due backup schedules. Every <see cref="Tick"/> (and once at start) it reads the enabled schedules whose next run
/// has come, and for each: claims the run with a conditional UPDATE (<c>where next_run = the value read</c>, so of two
/// manager processes only one gets it) and starts it through <see cref="ServerBackups"/> or the stop-backup-start
/// operation. After downtime it never replays a burst: the latest missed occurrence runs once if it is within
/// <see cref="BackupScheduleRules.Grace"/>, otherwise the run is recorded as missed; then the next future occurrence is
/// scheduled. An offline agent leaves the run waiting (recorded) until it reconnects within the grace.
/// </summary>
public sealed partial class BackupScheduler(IServiceScopeFactory scopes, [FromKeyedServices(BackupScheduler.ClockKey)] TimeProvider clock,
    ILogger<BackupScheduler> logger) : BackgroundService
{
    public const string ClockKey = "backup-schedules";
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(15);
    private const int CountCap = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, clock);
        do
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The loop must outlive one bad tick (a database hiccup); the next tick tries again.
                LogTickFailed(logger, ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task TickAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var link = scope.ServiceProvider.GetRequiredService<IAgentLink>();
        var due = await db.BackupSchedules.AsNoTracking().Where(s => s.Enabled && s.NextRunAt != null && s.NextRunAt <= now)
            .Join(db.Servers.Where(v => v.Status != ServerStatuses.Deleted), s => s.ServerId, v => v.Id, (s, v) => new { Schedule = s, v.AgentId })
            .ToListAsync(ct);
        foreach (var d in due)
        {
            await DecideAsync(db, d.Schedule, link.IsOnline(d.AgentId), now, ct);
        }
    }

    private async Task DecideAsync(ZedOpsDbContext db, BackupScheduleEntity s, bool agentOnline, DateTimeOffset now, CancellationToken ct)
    {
        var dueAt = s.NextRunAt!.Value;
        var next = Next(s, now);
        var earliest = now - Grace > dueAt ? now - Grace : dueAt;
        var latest = Between(s, earliest, now, CountCap).Cast<DateTimeOffset?>().LastOrDefault();
        if (latest is null)
        {
            var missed = Between(s, dueAt, now, CountCap + 1).Count;
            var why = s.LastResult == Waiting ? "the agent stayed offline" : "the manager was not running";
            await ClaimAsync(db, s, dueAt, next, Missed, $"missed while {why}: {(missed > CountCap ? $"over {CountCap}" : missed)} run(s) from {dueAt:u}; " +
                $"the latest was over {Grace.TotalMinutes:0} min ago, so none was replayed", ranAt: null, ct);
            return;
        }
        if (!agentOnline)
        {
            if (s.LastResult != Waiting)
            {
                await db.BackupSchedules.Where(x => x.Id == s.Id && x.NextRunAt == dueAt).ExecuteUpdateAsync(u => u
                    .SetProperty(x => x.LastResult, Waiting)
                    .SetProperty(x => x.LastMessage, $"waiting: the agent is offline; the run due at {latest:u} starts when it reconnects (until {latest + Grace:u})"), ct);
            }
            return;
        }
        var skipped = Between(s, dueAt, latest.Value, CountCap).Count - 1;
        var note = $"due {latest:u}" + (skipped > 0 ? $"; {skipped} earlier missed run(s) not replayed" : "");
        if (await ClaimAsync(db, s, dueAt, next, BackupScheduleRules.Running, $"started ({note})", now, ct))
        {
            _ = Task.Run(() => RunAsync(s.Id, s.ServerId, s.Mode, note), CancellationToken.None);
        }
    }

    /// <summary>Takes the run: only the UPDATE that still finds <paramref name="dueAt"/> succeeds.</summary>
    internal static async Task<bool> ClaimAsync(ZedOpsDbContext db, BackupScheduleEntity s, DateTimeOffset dueAt, DateTimeOffset? next,
        string result, string message, DateTimeOffset? ranAt, CancellationToken ct) =>
        await db.BackupSchedules.Where(x => x.Id == s.Id && x.NextRunAt == dueAt).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.NextRunAt, next)
            .SetProperty(x => x.LastRunAt, x => ranAt ?? x.LastRunAt)
            .SetProperty(x => x.LastResult, result)
            .SetProperty(x => x.LastMessage, message), ct) == 1;

    private async Task RunAsync(Guid scheduleId, Guid serverId, string mode, string note)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var (result, message) = await ScheduledBackupRun.ExecuteAsync(scope.ServiceProvider, serverId, mode);
            await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().BackupSchedules.Where(x => x.Id == scheduleId)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.LastResult, result).SetProperty(x => x.LastMessage, $"{message} ({note})"));
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or ObjectDisposedException)
        {
            // A run has no caller: its failure to record is logged rather than lost (e.g. the manager shutting down).
            LogRunNotRecorded(logger, scheduleId, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Backup scheduler tick failed: {Reason}")]
    private static partial void LogTickFailed(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Warning, "Result of scheduled backup {ScheduleId} not recorded: {Reason}")]
    private static partial void LogRunNotRecorded(ILogger logger, Guid scheduleId, string reason);
}
