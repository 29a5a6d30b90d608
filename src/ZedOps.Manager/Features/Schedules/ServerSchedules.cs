using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Backups.Policy;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Schedules;

/// <summary>CRUD of a server's scheduled tasks and the server-wide pause, each audited. Times come from the scheduler's
/// clock (<see cref="ServerScheduler.ClockKey"/>) so a test that moves that clock sees next runs from the same "now".</summary>
public sealed class ServerSchedules(ZedOpsDbContext db, AuditLog audit, [FromKeyedServices(ServerScheduler.ClockKey)] TimeProvider clock)
{
    public async Task<ServerSchedulesView> ListAsync(Guid serverId, CancellationToken ct)
    {
        var server = await PolicyServers.FindAsync(db, serverId, ct);
        var rows = await db.ServerSchedules.AsNoTracking().Where(s => s.ServerId == serverId).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return new(serverId, server.SchedulesPaused, [.. rows.OrderBy(s => s.CreatedAt).Select(s => ServerScheduleView.From(s, now))]);
    }

    public async Task<ServerScheduleView> CreateAsync(Guid serverId, ServerScheduleRequest request, AuditActor actor, CancellationToken ct)
    {
        var server = await PolicyServers.FindAsync(db, serverId, ct);
        var now = clock.GetUtcNow();
        var row = new ServerScheduleEntity { Id = Guid.NewGuid(), ServerId = serverId, Cron = "", TimeZone = "", Action = "", CreatedAt = now };
        Apply(row, request, now);
        db.ServerSchedules.Add(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "schedule.create", $"server:{server.Name}", true, Describe(row), ct);
        return ServerScheduleView.From(row, now);
    }

    public async Task<ServerScheduleView> UpdateAsync(Guid serverId, Guid scheduleId, ServerScheduleRequest request, AuditActor actor, CancellationToken ct)
    {
        var server = await PolicyServers.FindAsync(db, serverId, ct);
        var row = await FindAsync(serverId, scheduleId, ct);
        var now = clock.GetUtcNow();
        Apply(row, request, now);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "schedule.update", $"server:{server.Name}", true, Describe(row), ct);
        return ServerScheduleView.From(row, now);
    }

    public async Task DeleteAsync(Guid serverId, Guid scheduleId, AuditActor actor, CancellationToken ct)
    {
        var server = await PolicyServers.FindAsync(db, serverId, ct);
        var row = await FindAsync(serverId, scheduleId, ct);
        db.ServerSchedules.Remove(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "schedule.delete", $"server:{server.Name}", true, Describe(row), ct);
    }

    /// <summary>Pauses or resumes all of the server's schedules; while paused, due runs are recorded as skipped.</summary>
    public async Task<ServerSchedulesView> SetPausedAsync(Guid serverId, bool paused, AuditActor actor, CancellationToken ct)
    {
        var server = await PolicyServers.FindAsync(db, serverId, ct);
        await db.Servers.Where(s => s.Id == serverId).ExecuteUpdateAsync(u => u.SetProperty(s => s.SchedulesPaused, paused), ct);
        await audit.WriteAsync(actor, paused ? "schedule.pause" : "schedule.resume", $"server:{server.Name}", true, null, ct);
        return await ListAsync(serverId, ct);
    }

    /// <summary>Validates everything before changing anything; a changed or re-enabled schedule starts from the next
    /// future occurrence (never a run for the time it was off).</summary>
    private static void Apply(ServerScheduleEntity row, ServerScheduleRequest r, DateTimeOffset now)
    {
        var isNew = row.Cron.Length == 0;
        var cronText = (r.Cron ?? (isNew ? null : row.Cron))?.Trim();
        var cron = ServerScheduleRules.ParseCron(cronText);
        var zone = ServerScheduleRules.ParseZone(r.TimeZone ?? (isNew ? null : row.TimeZone));
        var action = ServerScheduleRules.ParseAction(r.Action ?? (isNew ? null : row.Action));
        var argument = ServerScheduleRules.ParseArgument(action, r.Argument ?? row.Argument);
        var warned = ServerScheduleRules.IsWarned(action);
        var warnings = !warned ? [] : ServerScheduleRules.ParseWarnings(r.Warnings
            ?? (isNew || row.Action != action ? ServerScheduleRules.DefaultWarnings(action) : ServerScheduleRules.ReadWarnings(row.WarningsJson)));
        var final = !warned ? null : (r.FinalMessage ?? (isNew || row.Action != action ? ServerScheduleRules.DefaultFinalMessage(action) : row.FinalMessage))?.Trim();
        if (final is { Length: > 256 })
        {
            throw ServerScheduleRules.Invalid("finalMessage", "at most 256 characters.");
        }
        var skipWithin = r.SkipIfStartedWithinMinutes ?? (isNew ? null : row.SkipIfStartedWithinMinutes);
        if (skipWithin is < 0 or > ServerScheduleRules.MaxEmptyWaitMinutes)
        {
            throw ServerScheduleRules.Invalid("skipIfStartedWithinMinutes", $"0 to {ServerScheduleRules.MaxEmptyWaitMinutes} minutes, or null for never.");
        }
        var whenEmpty = warned && (r.WhenEmpty ?? (!isNew && row.WhenEmpty));
        var maxWait = r.WhenEmptyMaxWaitMinutes ?? (isNew ? ServerScheduleRules.DefaultEmptyWaitMinutes : row.WhenEmptyMaxWaitMinutes);
        if (maxWait is < 1 or > ServerScheduleRules.MaxEmptyWaitMinutes)
        {
            throw ServerScheduleRules.Invalid("whenEmptyMaxWaitMinutes", $"1 to {ServerScheduleRules.MaxEmptyWaitMinutes} minutes.");
        }
        var next = BackupScheduleRules.Next(cron, zone, now) ?? throw ServerScheduleRules.Invalid("cron", $"'{cronText}' never fires again.");
        row.Cron = cronText!;
        row.TimeZone = zone.Id;
        row.Action = action;
        row.Argument = argument;
        row.WarningsJson = warned ? ServerScheduleRules.WriteWarnings(warnings) : null;
        row.FinalMessage = string.IsNullOrEmpty(final) ? null : final;
        row.SkipIfStartedWithinMinutes = skipWithin == 0 ? null : skipWithin;
        row.WhenEmpty = whenEmpty;
        row.WhenEmptyMaxWaitMinutes = maxWait;
        row.Enabled = r.Enabled ?? (isNew || row.Enabled);
        row.NextRunAt = row.Enabled ? next : null;
        row.UpdatedAt = now;
    }

    private static string Describe(ServerScheduleEntity s) =>
        $"{s.Action}{(s.Argument is { } a ? $" '{a}'" : "")} at {s.Cron} ({s.TimeZone}), {(s.Enabled ? "enabled" : "disabled")}";

    private async Task<ServerScheduleEntity> FindAsync(Guid serverId, Guid scheduleId, CancellationToken ct) =>
        await db.ServerSchedules.FirstOrDefaultAsync(s => s.Id == scheduleId && s.ServerId == serverId, ct)
            ?? throw new ServerCommandException(404, "Schedule not found", $"No scheduled task {scheduleId} on this server.");
}
