using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using static ZedOps.Manager.Features.Schedules.ServerScheduleRules;

namespace ZedOps.Manager.Features.Schedules;

/// <summary>
/// The row-level lease on a scheduled task. <see cref="ClaimAsync"/> takes an occurrence only with one UPDATE that
/// still finds the <c>next_run_at</c> it read and no live lease, so of two manager processes on one database exactly one
/// runs it; the winner renews the lease while the run lasts (a warning ladder can take an hour) and releases it with the
/// result. A manager that dies mid-run leaves a lease that simply expires.
/// </summary>
public static class ScheduleLease
{
    public static readonly TimeSpan Span = TimeSpan.FromMinutes(2);

    public static string NewOwner() => $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}" is var o && o.Length > 64 ? o[^64..] : o;

    public static async Task<bool> ClaimAsync(ZedOpsDbContext db, Guid id, DateTimeOffset dueAt, DateTimeOffset? next, string owner, DateTimeOffset now,
        string message, CancellationToken ct) =>
        await db.ServerSchedules.Where(x => x.Id == id && x.NextRunAt == dueAt && (x.LeaseUntil == null || x.LeaseUntil < now)).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.NextRunAt, next)
            .SetProperty(x => x.LeaseOwner, owner)
            .SetProperty(x => x.LeaseUntil, now + Span)
            .SetProperty(x => x.LastRunAt, now)
            .SetProperty(x => x.LastResult, Running)
            .SetProperty(x => x.LastMessage, message), ct) == 1;

    /// <summary>Extends the lease if this owner still holds it; false if it was lost (expired and taken).</summary>
    public static async Task<bool> RenewAsync(ZedOpsDbContext db, Guid id, string owner, DateTimeOffset now, CancellationToken ct) =>
        await db.ServerSchedules.Where(x => x.Id == id && x.LeaseOwner == owner).ExecuteUpdateAsync(u => u.SetProperty(x => x.LeaseUntil, now + Span), ct) == 1;

    public static Task ReleaseAsync(ZedOpsDbContext db, Guid id, string owner, string result, string message, CancellationToken ct) =>
        db.ServerSchedules.Where(x => x.Id == id && x.LeaseOwner == owner).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.LeaseOwner, (string?)null)
            .SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(x => x.LastResult, result)
            .SetProperty(x => x.LastMessage, Clip(message)), ct);

    /// <summary>Records an occurrence that does not run (missed, skipped) and moves on to <paramref name="next"/>.</summary>
    public static async Task<bool> RecordAsync(ZedOpsDbContext db, Guid id, DateTimeOffset dueAt, DateTimeOffset? next, string result, string message, CancellationToken ct) =>
        await db.ServerSchedules.Where(x => x.Id == id && x.NextRunAt == dueAt).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.NextRunAt, next)
            .SetProperty(x => x.LastResult, result)
            .SetProperty(x => x.LastMessage, Clip(message)), ct) == 1;

    /// <summary>Notes that the occurrence waits (agent offline) without moving on.</summary>
    public static Task WaitAsync(ZedOpsDbContext db, Guid id, DateTimeOffset dueAt, string message, CancellationToken ct) =>
        db.ServerSchedules.Where(x => x.Id == id && x.NextRunAt == dueAt).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.LastResult, Waiting)
            .SetProperty(x => x.LastMessage, message), ct);

    /// <summary>A run whose lease expired without a release: its manager died (or lost the database) mid-run. Reported as
    /// failed so the schedule does not show "running" for ever; the next occurrence runs normally. Rows leased by
    /// <paramref name="self"/> are left alone: this process knows its own runs are alive and releases them itself.</summary>
    public static Task<int> ExpireAbandonedAsync(ZedOpsDbContext db, string self, DateTimeOffset now, CancellationToken ct) =>
        db.ServerSchedules.Where(x => x.LeaseUntil != null && x.LeaseUntil < now && x.LeaseOwner != self).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.LastResult, Failed)
            .SetProperty(x => x.LastMessage, x => "interrupted: the manager process running it (" + x.LeaseOwner + ") stopped renewing its lease")
            .SetProperty(x => x.LeaseOwner, (string?)null)
            .SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null), ct);

    private static string Clip(string message) => message.Length > 2000 ? message[..2000] + "…" : message;
}
