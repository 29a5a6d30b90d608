using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Features.Metrics;

/// <summary>
/// Averaging one tier into the next and pruning, portable across SQLite and PostgreSQL (rows are grouped in memory,
/// one bounded window at a time). The next bucket to write follows the newest one of the target tier, skipping gaps to
/// the next source row; samples that arrive for a bucket already written stay in the raw tier only.
/// </summary>
internal static class MetricsAggregation
{
    public static async Task<int> RollUpServersAsync(ZedOpsDbContext db, int from, int to, DateTimeOffset completeBefore, TimeSpan window, CancellationToken ct)
    {
        var last = await db.ServerMetrics.Where(m => m.Resolution == to).MaxAsync(m => (DateTimeOffset?)m.At, ct);
        var source = db.ServerMetrics.Where(m => m.Resolution == from);
        if (last is { } l)
        {
            var after = l.AddSeconds(to);
            source = source.Where(m => m.At >= after);
        }
        if (await source.MinAsync(m => (DateTimeOffset?)m.At, ct) is not { } first
            || Window(first, completeBefore, to, window) is not ({ } start, { } end))
        {
            return 0;
        }
        var rows = await db.ServerMetrics.AsNoTracking().Where(m => m.Resolution == from && m.At >= start && m.At < end).ToListAsync(ct);
        var rollups = rows.GroupBy(r => (r.ServerId, At: MetricTiers.Floor(r.At, to))).Select(g => new ServerMetricEntity
        {
            ServerId = g.Key.ServerId, Resolution = to, At = g.Key.At,
            CpuPercent = g.Average(r => r.CpuPercent),
            MemoryUsedBytes = (long)g.Average(r => r.MemoryUsedBytes), MemoryLimitBytes = g.Max(r => r.MemoryLimitBytes),
            NetRxBytesPerSecond = g.Average(r => r.NetRxBytesPerSecond), NetTxBytesPerSecond = g.Average(r => r.NetTxBytesPerSecond),
            BlockReadBytesPerSecond = g.Average(r => r.BlockReadBytesPerSecond), BlockWriteBytesPerSecond = g.Average(r => r.BlockWriteBytesPerSecond),
            PlayersOnline = g.Average(r => r.PlayersOnline),
        }).ToList();
        return await SaveAsync(db, db.ServerMetrics, rollups, ct);
    }

    public static async Task<int> RollUpHostsAsync(ZedOpsDbContext db, int from, int to, DateTimeOffset completeBefore, TimeSpan window, CancellationToken ct)
    {
        var last = await db.HostMetrics.Where(m => m.Resolution == to).MaxAsync(m => (DateTimeOffset?)m.At, ct);
        var source = db.HostMetrics.Where(m => m.Resolution == from);
        if (last is { } l)
        {
            var after = l.AddSeconds(to);
            source = source.Where(m => m.At >= after);
        }
        if (await source.MinAsync(m => (DateTimeOffset?)m.At, ct) is not { } first
            || Window(first, completeBefore, to, window) is not ({ } start, { } end))
        {
            return 0;
        }
        var rows = await db.HostMetrics.AsNoTracking().Where(m => m.Resolution == from && m.At >= start && m.At < end).ToListAsync(ct);
        var rollups = rows.GroupBy(r => (r.AgentId, At: MetricTiers.Floor(r.At, to))).Select(g => new HostMetricEntity
        {
            AgentId = g.Key.AgentId, Resolution = to, At = g.Key.At,
            CpuPercent = g.Average(r => r.CpuPercent), Load1 = g.Average(r => r.Load1),
            MemoryUsedBytes = (long)g.Average(r => r.MemoryUsedBytes), MemoryTotalBytes = g.Max(r => r.MemoryTotalBytes),
            DiskUsedBytes = (long)g.Average(r => r.DiskUsedBytes), DiskTotalBytes = g.Max(r => r.DiskTotalBytes),
        }).ToList();
        return await SaveAsync(db, db.HostMetrics, rollups, ct);
    }

    public static async Task<int> PruneServersAsync(ZedOpsDbContext db, int resolution, DateTimeOffset cutoff, TimeSpan slice, int maxDeletes, CancellationToken ct)
    {
        var deleted = 0;
        for (var i = 0; i < maxDeletes && cutoff > DateTimeOffset.MinValue; i++)
        {
            var oldest = await db.ServerMetrics.Where(m => m.Resolution == resolution && m.At < cutoff).MinAsync(m => (DateTimeOffset?)m.At, ct);
            if (oldest is not { } o)
            {
                break;
            }
            var until = o + slice < cutoff ? o + slice : cutoff;
            deleted += await db.ServerMetrics.Where(m => m.Resolution == resolution && m.At < until).ExecuteDeleteAsync(ct);
        }
        return deleted;
    }

    public static async Task<int> PruneHostsAsync(ZedOpsDbContext db, int resolution, DateTimeOffset cutoff, TimeSpan slice, int maxDeletes, CancellationToken ct)
    {
        var deleted = 0;
        for (var i = 0; i < maxDeletes && cutoff > DateTimeOffset.MinValue; i++)
        {
            var oldest = await db.HostMetrics.Where(m => m.Resolution == resolution && m.At < cutoff).MinAsync(m => (DateTimeOffset?)m.At, ct);
            if (oldest is not { } o)
            {
                break;
            }
            var until = o + slice < cutoff ? o + slice : cutoff;
            deleted += await db.HostMetrics.Where(m => m.Resolution == resolution && m.At < until).ExecuteDeleteAsync(ct);
        }
        return deleted;
    }

    /// <summary>The end of the newest bucket of a tier (everything before it has been averaged into it); null when the tier is empty.</summary>
    public static async Task<DateTimeOffset?> RolledUntilAsync<T>(DbSet<T> set, int tier, CancellationToken ct) where T : class =>
        await set.Where(m => EF.Property<int>(m, "Resolution") == tier).MaxAsync(m => (DateTimeOffset?)EF.Property<DateTimeOffset>(m, "At"), ct) is { } last
            ? last.AddSeconds(tier)
            : null;

    /// <summary>The complete buckets from the one holding <paramref name="first"/>, at most <paramref name="window"/> long; null when none is complete.</summary>
    private static (DateTimeOffset Start, DateTimeOffset End)? Window(DateTimeOffset first, DateTimeOffset completeBefore, int to, TimeSpan window)
    {
        var start = MetricTiers.Floor(first, to);
        var complete = MetricTiers.Floor(completeBefore, to);
        var end = start + window < complete ? start + window : complete;
        return end > start ? (start, end) : null;
    }

    private static async Task<int> SaveAsync<T>(ZedOpsDbContext db, DbSet<T> set, List<T> rows, CancellationToken ct) where T : class
    {
        if (rows.Count == 0)
        {
            return 0;
        }
        set.AddRange(rows);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return rows.Count;
    }
}
