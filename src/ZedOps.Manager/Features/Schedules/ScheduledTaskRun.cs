using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Backups.Policy;
using ZedOps.Manager.Features.Players;
using ZedOps.Manager.Features.Rcon;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Transport;
using static ZedOps.Manager.Features.Schedules.ServerScheduleRules;

namespace ZedOps.Manager.Features.Schedules;

/// <summary>
/// One claimed run of a scheduled task, awaited to the end. A warned restart or stop goes through
/// <see cref="ServerCountdowns"/> with the task's ladder, texts and final message on the schedules' clock; with
/// "when empty" it first waits (up to the bound) for the player watch to report nobody online and then acts at once,
/// and only if players stay does the ladder run. The result is what the schedule shows; each run is audited.
/// </summary>
internal sealed class ScheduledTaskRun(IServiceProvider services, TimeProvider clock, ServerScheduleEntity task)
{
    public static readonly AuditActor Actor = new(null, "schedule", null, null);
    private static readonly TimeSpan s_settle = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan s_emptyPoll = TimeSpan.FromSeconds(15);

    public async Task<(string Result, string Message)> ExecuteAsync(CancellationToken ct)
    {
        (string Result, string Message) outcome;
        try
        {
            outcome = await RunActionAsync(ct);
        }
        catch (ServerCommandException ex) when (ex.Status == 409)
        {
            outcome = (Skipped, $"skipped: {ex.Message}");
        }
        catch (Exception ex) when (ex is ServerCommandException or WireRequestException)
        {
            outcome = (Failed, ex.Message);
        }
        catch (TimeoutException)
        {
            outcome = (Failed, "the countdown did not report its end in time");
        }
        var server = await services.GetRequiredService<ZedOpsDbContext>().Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == task.ServerId, ct);
        await services.GetRequiredService<AuditLog>().WriteAsync(Actor, "schedule.run", $"server:{server?.Name}", outcome.Result is Ok or Skipped,
            $"{task.Action} ({task.Cron} {task.TimeZone}): {outcome.Result}: {outcome.Message}", ct);
        return outcome;
    }

    private async Task<(string, string)> RunActionAsync(CancellationToken ct)
    {
        switch (task.Action)
        {
            case Restart or Stop:
                return await WarnedAsync(ct);
            case Start:
                await services.GetRequiredService<ServerLifecycle>().StartAsync(task.ServerId, Actor);
                return await SettleAsync(ServerStatuses.Running, "started", ct);
            case Backup:
                return await ScheduledBackupRun.ExecuteAsync(services, task.ServerId, BackupScheduleRules.Online);
            case Broadcast:
                await services.GetRequiredService<RconConsole>().ExecuteAsync(task.ServerId, PlayerCommands.Broadcast(task.Argument!), Actor, ct);
                return (Ok, $"broadcast: {task.Argument}");
            default:
                var reply = await services.GetRequiredService<RconConsole>().ExecuteAsync(task.ServerId, task.Argument, Actor, ct);
                return (Ok, $"{task.Argument} → {(reply.Reply.Length > 500 ? reply.Reply[..500] + "…" : reply.Reply)}");
        }
    }

    private async Task<(string, string)> WarnedAsync(CancellationToken ct)
    {
        var status = await StatusAsync(ct);
        if (status != ServerStatuses.Running)
        {
            return (Skipped, $"skipped: the server is {status}, not running");
        }
        var countdowns = services.GetRequiredService<ServerCountdowns>();
        var waited = "";
        if (task.WhenEmpty)
        {
            var bound = TimeSpan.FromMinutes(task.WhenEmptyMaxWaitMinutes);
            var started = clock.GetUtcNow();
            if (await WaitEmptyAsync(services.GetRequiredService<PlayerRoster>(), bound, ct))
            {
                var lifecycle = services.GetRequiredService<ServerLifecycle>();
                _ = task.Action == Stop ? await lifecycle.StopAsync(task.ServerId, Actor) : await lifecycle.RestartAsync(task.ServerId, Actor);
                return await SettleAsync(task.Action == Stop ? ServerStatuses.Stopped : ServerStatuses.Running,
                    $"no players online after {(clock.GetUtcNow() - started).TotalMinutes:0} min: {(task.Action == Stop ? "stopped" : "restarted")} without warnings", ct);
            }
            waited = $"players stayed online for {bound.TotalMinutes:0} min, so the warnings ran; ";
        }
        var warnings = ReadWarnings(task.WarningsJson);
        var delay = TimeSpan.FromSeconds(warnings.Count == 0 ? 0 : warnings.Max(w => w.SecondsBefore));
        var plan = new CountdownPlan([.. warnings.Select(w => new CountdownWarning(TimeSpan.FromSeconds(w.SecondsBefore), w.Message))], task.FinalMessage, clock);
        countdowns.Start(task.ServerId, task.Action, delay, Actor, plan);
        // Bounded: a countdown that never reports its end must not hold the schedule's lease for ever.
        var end = await countdowns.WhenDoneAsync(task.ServerId).WaitAsync(delay + s_settle, clock, ct);
        if (end != task.Action)
        {
            return end == "cancelled" ? (Skipped, $"{waited}the countdown was cancelled") : (Failed, $"{waited}{end}");
        }
        return await SettleAsync(task.Action == Stop ? ServerStatuses.Stopped : ServerStatuses.Running,
            $"{waited}{warnings.Count} warning(s) sent, then {(task.Action == Stop ? "stopped" : "restarted")}", ct);
    }

    /// <summary>True as soon as the player watch reports nobody online (an unknown count is not "empty"); false at the bound.</summary>
    private async Task<bool> WaitEmptyAsync(PlayerRoster roster, TimeSpan bound, CancellationToken ct)
    {
        using var watching = roster.View(task.ServerId);
        var deadline = clock.GetUtcNow() + bound;
        using var changed = new SemaphoreSlim(0);
        void OnChanged(Guid id)
        {
            if (id == task.ServerId)
            {
                changed.Release();
            }
        }
        roster.Changed += OnChanged;
        try
        {
            while (roster.Get(task.ServerId) is { UpdatedAt: null } or { Count: > 0 })
            {
                var left = deadline - clock.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(ct);
                await Task.WhenAny(changed.WaitAsync(wake.Token), Task.Delay(left < s_emptyPoll ? left : s_emptyPoll, clock, wake.Token));
                await wake.CancelAsync();
                ct.ThrowIfCancellationRequested();
            }
            return true;
        }
        finally
        {
            roster.Changed -= OnChanged;
        }
    }

    /// <summary>Waits (real time, bounded) until the server reaches <paramref name="want"/> after the action began.</summary>
    private async Task<(string, string)> SettleAsync(string want, string did, CancellationToken ct)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var until = time.GetUtcNow() + s_settle;
        var status = await StatusAsync(ct);
        while (status != want && status is not (ServerStatuses.Failed or ServerStatuses.Deleted) && time.GetUtcNow() < until)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), time, ct);
            status = await StatusAsync(ct);
        }
        return status == want ? (Ok, $"{did}; the server is {want}") : (Failed, $"{did}, but the server is {status}, not {want}");
    }

    private async Task<string> StatusAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().Servers.AsNoTracking()
            .Where(s => s.Id == task.ServerId).Select(s => s.Status).FirstOrDefaultAsync(ct) ?? ServerStatuses.Deleted;
    }
}
