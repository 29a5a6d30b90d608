using Prometheus;

namespace ZedOps.Manager.Features.Metrics;

/// <summary>
/// The manager's own Prometheus registry (one per app, not prometheus-net's static default, so several managers in one
/// test process keep apart). Instruments that code paths update live here; the fleet gauges are filled just before
/// each scrape by <see cref="FleetGauges"/>.
/// </summary>
public sealed class ManagerTelemetry
{
    public ManagerTelemetry()
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        LinkRequestSeconds = factory.CreateHistogram("zedops_link_request_duration_seconds",
            "Time from sending a request to an agent until its reply (or failure), by subject and outcome.",
            new HistogramConfiguration
            {
                LabelNames = ["subject", "outcome"],
                Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
            });
        ConsoleLines = factory.CreateCounter("zedops_console_lines_total", "Console lines received from agents (rate() gives lines per second).");
        Factory = factory;
    }

    public CollectorRegistry Registry { get; }

    internal IMetricFactory Factory { get; }

    public Histogram LinkRequestSeconds { get; }

    public Counter ConsoleLines { get; }

    public async Task WriteAsync(Stream output, CancellationToken ct) => await Registry.CollectAndExportAsTextAsync(output, ct);
}
