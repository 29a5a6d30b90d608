using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;

namespace ZedOps.Manager.Features.Metrics;

/// <summary>
/// The background job of the metrics store, once per fleet (a fleet lease with several replicas). Once a minute it
/// averages complete raw minutes into the 1-minute tier and complete quarter hours of that into the 15-minute tier,
/// then prunes each tier past its retention. Each pass is bounded (a window of source rows, a slice of old rows per
/// delete and a number of deletes), so a store that fell behind catches up over several passes.
/// </summary>
public sealed partial class MetricsRollup(IDbContextFactory<ZedOpsDbContext> dbFactory, MetricsClock clock, ILogger<MetricsRollup> logger)
    : BackgroundService
{
    /// <summary>Source rows read per rollup pass, by target tier.</summary>
    internal static readonly TimeSpan MinuteWindow = TimeSpan.FromHours(1);
    internal static readonly TimeSpan QuarterWindow = TimeSpan.FromDays(1);
    internal const int MaxDeletesPerPass = 20;

    private readonly TimeProvider _time = clock.Time;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
                {
                    LogFailed(logger, ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One rollup and prune pass at the clock's now; returns the rows written and deleted.</summary>
    public async Task<(int Written, int Deleted)> RunOnceAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var written = 0;
        // A raw minute is complete once the agents' 20 s batches for it have arrived.
        written += await MetricsAggregation.RollUpServersAsync(db, MetricTiers.Raw, MetricTiers.Minute, now.AddSeconds(-30), MinuteWindow, ct);
        written += await MetricsAggregation.RollUpServersAsync(db, MetricTiers.Minute, MetricTiers.Quarter, now.AddMinutes(-2), QuarterWindow, ct);
        written += await MetricsAggregation.RollUpHostsAsync(db, MetricTiers.Raw, MetricTiers.Minute, now.AddSeconds(-30), MinuteWindow, ct);
        written += await MetricsAggregation.RollUpHostsAsync(db, MetricTiers.Minute, MetricTiers.Quarter, now.AddMinutes(-2), QuarterWindow, ct);
        // Rows are pruned only once the next tier holds their averages, so a rollup that fell behind loses nothing.
        var serverMinutes = await MetricsAggregation.RolledUntilAsync(db.ServerMetrics, MetricTiers.Minute, ct);
        var serverQuarters = await MetricsAggregation.RolledUntilAsync(db.ServerMetrics, MetricTiers.Quarter, ct);
        var hostMinutes = await MetricsAggregation.RolledUntilAsync(db.HostMetrics, MetricTiers.Minute, ct);
        var hostQuarters = await MetricsAggregation.RolledUntilAsync(db.HostMetrics, MetricTiers.Quarter, ct);
        var deleted = 0;
        deleted += await MetricsAggregation.PruneServersAsync(db, MetricTiers.Raw, Earliest(now - MetricTiers.RawKeep, serverMinutes), TimeSpan.FromMinutes(10), MaxDeletesPerPass, ct);
        deleted += await MetricsAggregation.PruneServersAsync(db, MetricTiers.Minute, Earliest(now - MetricTiers.MinuteKeep, serverQuarters), TimeSpan.FromHours(1), MaxDeletesPerPass, ct);
        deleted += await MetricsAggregation.PruneServersAsync(db, MetricTiers.Quarter, now - MetricTiers.QuarterKeep, TimeSpan.FromHours(12), MaxDeletesPerPass, ct);
        deleted += await MetricsAggregation.PruneHostsAsync(db, MetricTiers.Raw, Earliest(now - MetricTiers.RawKeep, hostMinutes), TimeSpan.FromMinutes(10), MaxDeletesPerPass, ct);
        deleted += await MetricsAggregation.PruneHostsAsync(db, MetricTiers.Minute, Earliest(now - MetricTiers.MinuteKeep, hostQuarters), TimeSpan.FromHours(1), MaxDeletesPerPass, ct);
        deleted += await MetricsAggregation.PruneHostsAsync(db, MetricTiers.Quarter, now - MetricTiers.QuarterKeep, TimeSpan.FromHours(12), MaxDeletesPerPass, ct);
        return (written, deleted);
    }

    /// <summary>The retention cutoff, or earlier when the next tier has not caught up (MinValue: nothing rolled up yet, prune nothing).</summary>
    private static DateTimeOffset Earliest(DateTimeOffset cutoff, DateTimeOffset? rolledUntil) =>
        rolledUntil is { } r && r < cutoff ? r : rolledUntil is null ? DateTimeOffset.MinValue : cutoff;

    [LoggerMessage(LogLevel.Warning, "Metrics rollup failed, retried next minute: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
