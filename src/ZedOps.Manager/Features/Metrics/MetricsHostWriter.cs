using Microsoft.EntityFrameworkCore;

namespace ZedOps.Manager.Features.Metrics;

/// <summary>Writes the host points <see cref="MetricsIngest"/> buffered from this process's agents' heartbeats, every
/// <see cref="MetricTiers.Raw"/> seconds in one save. Runs on every replica (each holds its own agents' sockets);
/// the rollup of what they write runs once per fleet (<see cref="MetricsRollup"/>).</summary>
public sealed partial class MetricsHostWriter(MetricsIngest ingest, MetricsClock clock, ILogger<MetricsHostWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(MetricTiers.Raw), clock.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await ingest.FlushHostsAsync(stoppingToken);
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

    [LoggerMessage(LogLevel.Warning, "Host metric points not written, retried in 10 s: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
