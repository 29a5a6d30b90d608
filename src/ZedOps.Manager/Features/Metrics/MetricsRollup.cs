using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;

namespace ZedOps.Manager.Features.Metrics;

/// <summary>
/// The background job of the metrics store. Every <see cref="MetricTiers.Raw"/> seconds it writes the buffered host
/// points; once a minute it averages complete raw minutes into the 1-minute tier and complete quarter hours of that
/// into the 15-minute tier, then prunes each tier past its retention. Each pass is bounded (a window of source rows, a
/// slice of old rows per delete and a number of deletes), so a store that fell behind catches up over several passes.
/// The clock is the keyed <see cref="ClockKey"/> TimeProvider when one is registered (tests), else the app's.
/// </summary>
public sealed partial class MetricsRollup(IDbContextFactory<ZedOpsDbContext> dbFactory, MetricsIngest ingest, IServiceProvider services, ILogger<MetricsRollup> logger)
    : BackgroundService
{
    public const string ClockKey = "metrics";

    /// <summary>Source rows read per rollup pass, by target tier.</summary>
    internal static readonly TimeSpan MinuteWindow = TimeSpan.FromHours(1);
    internal static readonly TimeSpan QuarterWindow = TimeSpan.FromDays(1);
    internal const int MaxDeletesPerPass = 20;

    private readonly TimeProvider _time = services.GetKeyedService<TimeProvider>(ClockKey) ?? services.GetRequiredService<TimeProvider>();
    private DateTimeOffset _lastRollup;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(MetricTiers.Raw), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ingest.FlushHostsAsync(stoppingToken);
                    if (_time.GetUtcNow() - _lastRollup >= TimeSpan.FromMinutes(1))
                    {
                        await RunOnceAsync(stoppingToken);
                        _lastRollup = _time.GetUtcNow();
                    }
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
        var deleted = 0;
        foreach (var (resolution, keep, slice) in new[]
        {
            (MetricTiers.Raw, MetricTiers.RawKeep, TimeSpan.FromMinutes(10)),
            (MetricTiers.Minute, MetricTiers.MinuteKeep, TimeSpan.FromHours(1)),
            (MetricTiers.Quarter, MetricTiers.QuarterKeep, TimeSpan.FromHours(12)),
        })
        {
            deleted += await MetricsAggregation.PruneServersAsync(db, resolution, now - keep, slice, MaxDeletesPerPass, ct);
            deleted += await MetricsAggregation.PruneHostsAsync(db, resolution, now - keep, slice, MaxDeletesPerPass, ct);
        }
        return (written, deleted);
    }

    [LoggerMessage(LogLevel.Warning, "Metrics rollup failed, retried next minute: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
