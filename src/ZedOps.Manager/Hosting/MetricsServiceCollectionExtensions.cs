using ZedOps.Manager.Features.Metrics;

namespace ZedOps.Manager.Hosting;

internal static class MetricsServiceCollectionExtensions
{
    /// <summary>Sample ingest from agents, the rollup/prune job, chart queries and the Prometheus registry.</summary>
    public static IServiceCollection AddZedOpsMetrics(this IServiceCollection services)
    {
        services.AddSingleton(MetricsClock.Create);
        services.AddSingleton<ManagerTelemetry>();
        services.AddSingleton<FleetGauges>();
        services.AddSingleton<MetricsIngest>();
        services.AddSingleton(MetricsRoutes.Create);
        services.AddScoped<MetricsQueries>();
        services.AddHostedService<MetricsHostWriter>(); // every replica writes the host points of its own agents
        services.AddFleetSingleton<MetricsRollup>("metrics-rollup");
        return services;
    }
}
