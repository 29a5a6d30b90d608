using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Backups.Policy;

/// <summary>CRUD of a server's backup schedules. Times come from the scheduler's clock (<see cref="BackupScheduler.ClockKey"/>)
/// so a test that moves that clock sees next runs computed from the same "now".</summary>
public sealed class BackupSchedules(ZedOpsDbContext db, AuditLog audit, [FromKeyedServices(BackupScheduler.ClockKey)] TimeProvider clock)
{
    public async Task<IReadOnlyList<ScheduleView>> ListAsync(Guid serverId, CancellationToken ct)
    {
        await FindServerAsync(serverId, ct);
        var rows = await db.BackupSchedules.AsNoTracking().Where(s => s.ServerId == serverId).ToListAsync(ct);
        return [.. rows.OrderBy(s => s.CreatedAt).Select(ScheduleView.From)];
    }

    public async Task<ScheduleView> CreateAsync(Guid serverId, ScheduleRequest request, AuditActor actor, CancellationToken ct)
    {
        var server = await FindServerAsync(serverId, ct);
        var now = clock.GetUtcNow();
        var row = new BackupScheduleEntity { Id = Guid.NewGuid(), ServerId = serverId, Cron = "", TimeZone = "", Mode = "", CreatedAt = now };
        Apply(row, request, now);
        db.BackupSchedules.Add(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "backup.schedule.create", $"server:{server.Name}", true, Describe(row), ct);
        return ScheduleView.From(row);
    }

    public async Task<ScheduleView> UpdateAsync(Guid serverId, Guid scheduleId, ScheduleRequest request, AuditActor actor, CancellationToken ct)
    {
        var server = await FindServerAsync(serverId, ct);
        var row = await FindAsync(serverId, scheduleId, ct);
        Apply(row, request, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "backup.schedule.update", $"server:{server.Name}", true, Describe(row), ct);
        return ScheduleView.From(row);
    }

    public async Task DeleteAsync(Guid serverId, Guid scheduleId, AuditActor actor, CancellationToken ct)
    {
        var server = await FindServerAsync(serverId, ct);
        var row = await FindAsync(serverId, scheduleId, ct);
        db.BackupSchedules.Remove(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "backup.schedule.delete", $"server:{server.Name}", true, Describe(row), ct);
    }

    /// <summary>Validates everything before changing anything; a changed or re-enabled schedule starts from the next
    /// future occurrence (never a run for the time it was off).</summary>
    private static void Apply(BackupScheduleEntity row, ScheduleRequest request, DateTimeOffset now)
    {
        var isNew = row.Cron.Length == 0;
        var cronText = (request.Cron ?? (isNew ? null : row.Cron))?.Trim();
        var cron = BackupScheduleRules.ParseCron(cronText);
        var zone = BackupScheduleRules.ParseZone(request.TimeZone ?? (isNew ? null : row.TimeZone));
        var mode = BackupScheduleRules.ParseMode(request.Mode ?? (isNew ? null : row.Mode));
        var next = BackupScheduleRules.Next(cron, zone, now)
            ?? throw ServerCommandException.Invalid("Invalid schedule", $"'{cronText}' never fires again.");
        row.Cron = cronText!;
        row.TimeZone = zone.Id;
        row.Mode = mode;
        row.Enabled = request.Enabled ?? (isNew || row.Enabled);
        row.NextRunAt = row.Enabled ? next : null;
        row.UpdatedAt = now;
    }

    private static string Describe(BackupScheduleEntity s) => $"{s.Cron} ({s.TimeZone}), {s.Mode}, {(s.Enabled ? "enabled" : "disabled")}";

    private async Task<BackupScheduleEntity> FindAsync(Guid serverId, Guid scheduleId, CancellationToken ct) =>
        await db.BackupSchedules.FirstOrDefaultAsync(s => s.Id == scheduleId && s.ServerId == serverId, ct)
            ?? throw new ServerCommandException(404, "Schedule not found", $"No backup schedule {scheduleId} on this server.");

    private Task<ServerEntity> FindServerAsync(Guid id, CancellationToken ct) => PolicyServers.FindAsync(db, id, ct);
}
