using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Servers;
using static ZedOps.Manager.Features.Schedules.ServerScheduleRules;

namespace ZedOps.Manager.Features.Schedules;

/// <summary>
/// Runs due scheduled tasks. Every <see cref="Tick"/> (and once at start) it reads the enabled tasks whose next run has
/// come and decides each: after downtime only the latest occurrence within <see cref="ServerScheduleRules.Grace"/> runs,
/// older ones are reported as missed (never replayed in a burst); a paused server, a run still in progress or a server
/// started too recently records a skip; an offline agent leaves the run waiting until the grace ends. A run is taken with
/// the row lease (<see cref="ScheduleLease"/>), executed by <see cref="ScheduledTaskRun"/>, and its result recorded.
/// </summary>
public sealed partial class ServerScheduler(IServiceScopeFactory scopes, [FromKeyedServices(ServerScheduler.ClockKey)] TimeProvider clock,
    ILogger<ServerScheduler> logger) : BackgroundService
{
    public const string ClockKey = "server-schedules";
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(15);
    private const int CountCap = 10_000;

    /// <summary>This process's lease owner name.</summary>
    public string Owner { get; } = ScheduleLease.NewOwner();

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
        await ScheduleLease.ExpireAbandonedAsync(db, Owner, now, ct);
        var due = await db.ServerSchedules.AsNoTracking().Where(s => s.Enabled && s.NextRunAt != null && s.NextRunAt <= now)
            .Join(db.Servers.Where(v => v.Status != ServerStatuses.Deleted), s => s.ServerId, v => v.Id, (s, v) => new { Schedule = s, Server = v })
            .ToListAsync(ct);
        foreach (var d in due)
        {
            await DecideAsync(db, d.Schedule, d.Server, link.IsOnline(d.Server.AgentId), now, ct);
        }
    }

    private async Task DecideAsync(ZedOpsDbContext db, ServerScheduleEntity s, ServerEntity server, bool agentOnline, DateTimeOffset now, CancellationToken ct)
    {
        var dueAt = s.NextRunAt!.Value;
        var next = Next(s.Cron, s.TimeZone, now);
        var earliest = now - Grace > dueAt ? now - Grace : dueAt;
        var latest = Between(s.Cron, s.TimeZone, earliest, now, CountCap).Cast<DateTimeOffset?>().LastOrDefault();
        if (latest is null)
        {
            var missed = Between(s.Cron, s.TimeZone, dueAt, now, CountCap + 1).Count;
            var why = s.LastResult == Waiting ? "the agent stayed offline" : "the manager was not running";
            await ScheduleLease.RecordAsync(db, s.Id, dueAt, next, Missed, $"missed while {why}: {(missed > CountCap ? $"over {CountCap}" : missed)} run(s) from {dueAt:u}; " +
                $"the latest was over {Grace.TotalMinutes:0} min ago, so none was replayed", ct);
            return;
        }
        var skipped = Between(s.Cron, s.TimeZone, dueAt, latest.Value, CountCap).Count - 1;
        var note = $"due {latest:u}" + (skipped > 0 ? $"; {skipped} earlier missed run(s) not replayed" : "");
        if (SkipReason(s, server, now) is { } reason)
        {
            await ScheduleLease.RecordAsync(db, s.Id, dueAt, next, Skipped, $"skipped: {reason} ({note})", ct);
            return;
        }
        if (!agentOnline)
        {
            if (s.LastResult != Waiting)
            {
                await ScheduleLease.WaitAsync(db, s.Id, dueAt, $"waiting: the agent is offline; the run due at {latest:u} starts when it reconnects (until {latest + Grace:u})", ct);
            }
            return;
        }
        if (await ScheduleLease.ClaimAsync(db, s.Id, dueAt, next, Owner, now, $"started ({note})", ct))
        {
            _ = Task.Run(() => RunAsync(s, note, ct), CancellationToken.None);
        }
    }

    private static string? SkipReason(ServerScheduleEntity s, ServerEntity server, DateTimeOffset now) =>
        server.SchedulesPaused ? "the schedules of this server are paused"
        : s.LeaseUntil > now ? $"the previous run is still in progress (lease held by {s.LeaseOwner})"
        : s.SkipIfStartedWithinMinutes is { } m && server.StartedAt is { } started && now - started < TimeSpan.FromMinutes(m)
            ? $"the server started {(now - started).TotalMinutes:0} min ago (less than {m} min)"
        : null;

    private async Task RunAsync(ServerScheduleEntity s, string note, CancellationToken stopping)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var renewing = RenewAsync(s.Id, done.Token);
        var (result, message) = (Failed, "the manager stopped during the run");
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            (result, message) = await new ScheduledTaskRun(scope.ServiceProvider, clock, s).ExecuteAsync(stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: recorded below as failed; the lease is released so another manager may take the next run.
        }
        finally
        {
            await done.CancelAsync();
            await renewing;
            await RecordAsync(s.Id, result, $"{message} ({note})");
            if (result == Failed)
            {
                using var scope = scopes.CreateScope();
                scope.ServiceProvider.GetRequiredService<Notifications.Notifications>().Publish(new Notifications.NotificationEvent(
                    Notifications.NotificationEventTypes.ScheduleFailed, s.ServerId, null, $"Scheduled {s.Action} failed", $"{message} ({note}; cron {s.Cron} {s.TimeZone})",
                    clock.GetUtcNow(), Notifications.NotificationSeverities.Error));
            }
        }
    }

    private async Task RenewAsync(Guid id, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(ScheduleLease.Span / 3, clock, ct);
                await using var scope = scopes.CreateAsyncScope();
                if (!await ScheduleLease.RenewAsync(scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>(), id, Owner, clock.GetUtcNow(), ct))
                {
                    LogLeaseLost(logger, id);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or DbUpdateException or InvalidOperationException)
        {
            // Ended with the run, or a database hiccup: the next renewal or the release settles it.
        }
    }

    private async Task RecordAsync(Guid id, string result, string message)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await ScheduleLease.ReleaseAsync(scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>(), id, Owner, result, message, CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or ObjectDisposedException)
        {
            // A run has no caller: its failure to record is logged rather than lost (e.g. the manager shutting down).
            LogRunNotRecorded(logger, id, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Server scheduler tick failed: {Reason}")]
    private static partial void LogTickFailed(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Warning, "Result of scheduled task {ScheduleId} not recorded: {Reason}")]
    private static partial void LogRunNotRecorded(ILogger logger, Guid scheduleId, string reason);

    [LoggerMessage(LogLevel.Warning, "Lease of scheduled task {ScheduleId} was lost during its run")]
    private static partial void LogLeaseLost(ILogger logger, Guid scheduleId);
}
