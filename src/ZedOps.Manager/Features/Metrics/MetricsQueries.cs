using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Features.Metrics;

/// <summary>Chart data for a range: reads the tier the range calls for (a finer one when that tier has nothing yet, as
/// just after the first samples) and averages it into at most <see cref="MetricTiers.MaxPoints"/> buckets.</summary>
public sealed class MetricsQueries(ZedOpsDbContext db, MetricsClock clock)
{
    public async Task<ServerMetricSeries?> ServerAsync(Guid serverId, string? range, CancellationToken ct)
    {
        if (!MetricTiers.TryParse(range, out var span, out var resolution))
        {
            return null;
        }
        var from = clock.Now - span;
        var (tier, rows) = await ReadAsync(resolution, r => db.ServerMetrics.AsNoTracking().Where(m => m.ServerId == serverId && m.Resolution == r && m.At >= from), ct);
        var bucket = BucketSeconds(span, tier);
        return new ServerMetricSeries(serverId, range ?? "1h", tier, bucket, Reduce(rows, bucket));
    }

    public async Task<HostMetricSeries?> HostAsync(Guid agentId, string? range, CancellationToken ct)
    {
        if (!MetricTiers.TryParse(range, out var span, out var resolution))
        {
            return null;
        }
        var from = clock.Now - span;
        var (tier, rows) = await ReadAsync(resolution, r => db.HostMetrics.AsNoTracking().Where(m => m.AgentId == agentId && m.Resolution == r && m.At >= from), ct);
        var bucket = BucketSeconds(span, tier);
        var servers = await db.Servers.AsNoTracking().Where(s => s.AgentId == agentId && s.Status != Servers.ServerStatuses.Deleted)
            .Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var ids = servers.Select(s => s.Id).ToList();
        var (serverTier, serverRows) = await ReadAsync(resolution, r => db.ServerMetrics.AsNoTracking().Where(m => ids.Contains(m.ServerId) && m.Resolution == r && m.At >= from), ct);
        var serverBucket = BucketSeconds(span, serverTier);
        var shares = servers.OrderBy(s => s.Name)
            .Select(s => new ServerShare(s.Id, s.Name, Reduce(serverRows.Where(r => r.ServerId == s.Id).ToList(), serverBucket)))
            .Where(s => s.Points.Count > 0).ToList();
        return new HostMetricSeries(agentId, range ?? "1h", tier, bucket, Reduce(rows, bucket), shares);
    }

    /// <summary>The last hour of host CPU per agent, for the dashboard's sparklines (raw tier, bucketed to a minute).</summary>
    public async Task<Dictionary<Guid, IReadOnlyList<HostMetricPoint>>> HostSparklinesAsync(IReadOnlyCollection<Guid> agentIds, CancellationToken ct)
    {
        var from = clock.Now.AddHours(-1);
        var rows = await db.HostMetrics.AsNoTracking().Where(m => agentIds.Contains(m.AgentId) && m.Resolution == MetricTiers.Raw && m.At >= from).ToListAsync(ct);
        return rows.GroupBy(r => r.AgentId).ToDictionary(g => g.Key, g => Reduce(g.ToList(), MetricTiers.Minute));
    }

    private static async Task<(int Tier, List<T> Rows)> ReadAsync<T>(int resolution, Func<int, IQueryable<T>> query, CancellationToken ct)
    {
        foreach (var tier in new[] { MetricTiers.Quarter, MetricTiers.Minute, MetricTiers.Raw }.Where(t => t <= resolution))
        {
            var rows = await query(tier).ToListAsync(ct);
            if (rows.Count > 0 || tier == MetricTiers.Raw)
            {
                return (tier, rows);
            }
        }
        return (MetricTiers.Raw, []);
    }

    private static int BucketSeconds(TimeSpan span, int tier) => Math.Max(tier, (int)Math.Ceiling(span.TotalSeconds / MetricTiers.MaxPoints / tier) * tier);

    internal static IReadOnlyList<ServerMetricPoint> Reduce(IReadOnlyList<ServerMetricEntity> rows, int bucket) =>
        [.. rows.GroupBy(r => MetricTiers.Floor(r.At, bucket)).OrderBy(g => g.Key).Select(g => new ServerMetricPoint(g.Key,
            Math.Round(g.Average(r => r.CpuPercent), 2), (long)g.Average(r => r.MemoryUsedBytes), g.Max(r => r.MemoryLimitBytes),
            g.Average(r => r.NetRxBytesPerSecond), g.Average(r => r.NetTxBytesPerSecond),
            g.Average(r => r.BlockReadBytesPerSecond), g.Average(r => r.BlockWriteBytesPerSecond), g.Average(r => r.PlayersOnline)))];

    internal static IReadOnlyList<HostMetricPoint> Reduce(IReadOnlyList<HostMetricEntity> rows, int bucket) =>
        [.. rows.GroupBy(r => MetricTiers.Floor(r.At, bucket)).OrderBy(g => g.Key).Select(g => new HostMetricPoint(g.Key,
            Math.Round(g.Average(r => r.CpuPercent), 2), (long)g.Average(r => r.MemoryUsedBytes), g.Max(r => r.MemoryTotalBytes),
            (long)g.Average(r => r.DiskUsedBytes), g.Max(r => r.DiskTotalBytes), Math.Round(g.Average(r => r.Load1), 2)))];
}
