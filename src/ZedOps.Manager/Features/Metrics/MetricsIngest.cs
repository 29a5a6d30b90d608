using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Metrics;

namespace ZedOps.Manager.Features.Metrics;

/// <summary>
/// Where agents' samples enter: a batch is cut to <see cref="MetricsIntervals.MaxSamplesPerBatch"/>, reduced to the
/// sending agent's own servers and to plausible times, written in one save, and its newest sample per server kept in
/// memory (for <c>/metrics</c> and live figures). Host points come from heartbeats, at most one per raw interval per
/// agent, buffered and written by <see cref="MetricsHostWriter"/>.
/// </summary>
public sealed partial class MetricsIngest
{
    private static readonly TimeSpan s_maxAge = TimeSpan.FromHours(2);
    private static readonly TimeSpan s_maxAhead = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<Guid, ServerMetricsSample> _latest = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _lastHost = new();
    private readonly ConcurrentQueue<HostMetricEntity> _hostBuffer = new();
    private readonly IDbContextFactory<ZedOpsDbContext> _dbFactory;
    private readonly TimeProvider _time;
    private readonly ILogger<MetricsIngest> _logger;

    public MetricsIngest(IDbContextFactory<ZedOpsDbContext> dbFactory, Agents.AgentRegistry registry, MetricsClock clock, ILogger<MetricsIngest> logger)
    {
        (_dbFactory, _time, _logger) = (dbFactory, clock.Time, logger);
        registry.HeartbeatRecorded += RecordHeartbeat;
    }

    /// <summary>Raised after a batch is stored, with the servers it had samples for.</summary>
    public event Action<IReadOnlyCollection<Guid>>? Stored;

    public IReadOnlyDictionary<Guid, ServerMetricsSample> Latest => _latest;

    public async Task<int> IngestAsync(Guid agentId, IReadOnlyList<ServerMetricsSample> samples, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        var owned = (await db.Servers.AsNoTracking().Where(s => s.AgentId == agentId).Select(s => s.Id).ToListAsync(ct)).ToHashSet();
        var rows = samples.Take(MetricsIntervals.MaxSamplesPerBatch)
            .Where(s => owned.Contains(s.ServerId) && s.At > now - s_maxAge && s.At < now + s_maxAhead && double.IsFinite(s.CpuPercent))
            .DistinctBy(s => (s.ServerId, s.At))
            .Select(ToEntity)
            .ToList();
        if (rows.Count == 0)
        {
            return 0;
        }
        db.ServerMetrics.AddRange(rows);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            // A batch sent twice (the agent resent after a dropped link): keep what was stored first.
            LogDuplicate(_logger, agentId, ex.InnerException?.Message ?? ex.Message);
            return 0;
        }
        await ReaverageLateAsync(db, rows, ct);
        foreach (var sample in samples.Where(s => owned.Contains(s.ServerId)).GroupBy(s => s.ServerId).Select(g => g.MaxBy(s => s.At)!))
        {
            _latest.AddOrUpdate(sample.ServerId, sample, (_, old) => old.At >= sample.At ? old : sample);
        }
        Stored?.Invoke(rows.Select(r => r.ServerId).Distinct().ToList());
        return rows.Count;
    }

    /// <summary>Samples for minutes the rollup already averaged (the agent kept them while its link was down and sent them
    /// on reconnect): those minutes, and their quarter hours when written, are averaged again with them, so the 24 h,
    /// 7 d and 90 d charts have no hole where the link was down.</summary>
    private static async Task ReaverageLateAsync(ZedOpsDbContext db, List<ServerMetricEntity> rows, CancellationToken ct)
    {
        if (await MetricsAggregation.RolledUntilAsync(db.ServerMetrics, MetricTiers.Minute, ct) is not { } minutesUntil)
        {
            return;
        }
        var minutes = rows.Where(r => r.At < minutesUntil).Select(r => (r.ServerId, At: MetricTiers.Floor(r.At, MetricTiers.Minute))).Distinct().ToList();
        if (minutes.Count == 0)
        {
            return;
        }
        await MetricsAggregation.ReaverageServersAsync(db, MetricTiers.Raw, MetricTiers.Minute, minutes, ct);
        if (await MetricsAggregation.RolledUntilAsync(db.ServerMetrics, MetricTiers.Quarter, ct) is { } quartersUntil)
        {
            var quarters = minutes.Select(m => (m.ServerId, At: MetricTiers.Floor(m.At, MetricTiers.Quarter))).Where(q => q.At < quartersUntil).Distinct().ToList();
            await MetricsAggregation.ReaverageServersAsync(db, MetricTiers.Minute, MetricTiers.Quarter, quarters, ct);
        }
    }

    public void RecordHeartbeat(Guid agentId, Heartbeat heartbeat)
    {
        var at = _time.GetUtcNow();
        if (_lastHost.TryGetValue(agentId, out var last) && at - last < TimeSpan.FromSeconds(MetricTiers.Raw - 1))
        {
            return;
        }
        _lastHost[agentId] = at;
        var m = heartbeat.Metrics;
        _hostBuffer.Enqueue(new HostMetricEntity
        {
            AgentId = agentId, Resolution = MetricTiers.Raw, At = at, CpuPercent = double.IsFinite(m.CpuPercent) ? m.CpuPercent : 0,
            MemoryUsedBytes = m.MemoryUsedBytes, MemoryTotalBytes = m.MemoryTotalBytes, DiskUsedBytes = m.DiskUsedBytes,
            DiskTotalBytes = m.DiskTotalBytes, Load1 = double.IsFinite(m.Load1) ? m.Load1 : 0,
        });
    }

    /// <summary>Writes the buffered host points in one save.</summary>
    public async Task<int> FlushHostsAsync(CancellationToken ct)
    {
        var rows = new List<HostMetricEntity>();
        while (rows.Count < 10_000 && _hostBuffer.TryDequeue(out var row))
        {
            rows.Add(row);
        }
        if (rows.Count == 0)
        {
            return 0;
        }
        await using var db = await _dbFactory.CreateDbContextAsync(ct);
        db.HostMetrics.AddRange(rows.DistinctBy(r => (r.AgentId, r.At)));
        await db.SaveChangesAsync(ct);
        return rows.Count;
    }

    public void Forget(Guid serverId) => _latest.TryRemove(serverId, out _);

    private static ServerMetricEntity ToEntity(ServerMetricsSample s) => new()
    {
        ServerId = s.ServerId, Resolution = MetricTiers.Raw, At = s.At, CpuPercent = s.CpuPercent,
        MemoryUsedBytes = s.MemoryUsedBytes, MemoryLimitBytes = s.MemoryLimitBytes,
        NetRxBytesPerSecond = Finite(s.NetRxBytesPerSecond), NetTxBytesPerSecond = Finite(s.NetTxBytesPerSecond),
        BlockReadBytesPerSecond = Finite(s.BlockReadBytesPerSecond), BlockWriteBytesPerSecond = Finite(s.BlockWriteBytesPerSecond),
        PlayersOnline = s.PlayersOnline,
    };

    private static double Finite(double value) => double.IsFinite(value) ? value : 0;

    [LoggerMessage(LogLevel.Debug, "Metrics batch of agent {AgentId} not stored: {Reason}")]
    private static partial void LogDuplicate(ILogger logger, Guid agentId, string reason);
}
