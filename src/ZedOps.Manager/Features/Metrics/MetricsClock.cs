namespace ZedOps.Manager.Features.Metrics;

/// <summary>The clock of the metrics store: the keyed <see cref="ClockKey"/> TimeProvider when one is registered (tests
/// move it days ahead without moving cookie or token expiry), else the app's.</summary>
public sealed class MetricsClock(TimeProvider time)
{
    public const string ClockKey = "metrics";

    public TimeProvider Time => time;

    public DateTimeOffset Now => time.GetUtcNow();

    public static MetricsClock Create(IServiceProvider services) =>
        new(services.GetKeyedService<TimeProvider>(ClockKey) ?? services.GetRequiredService<TimeProvider>());
}
