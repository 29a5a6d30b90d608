namespace ZedOps.Manager.Features.Metrics;

/// <summary>The three tiers of every series (resolution in seconds) and how long each is kept, and which tier a chart
/// range reads: 1 h from the raw samples, 24 h and 7 d from 1-minute averages, 90 d from 15-minute averages.</summary>
public static class MetricTiers
{
    public const int Raw = 10;
    public const int Minute = 60;
    public const int Quarter = 900;

    public static readonly TimeSpan RawKeep = TimeSpan.FromHours(24);
    public static readonly TimeSpan MinuteKeep = TimeSpan.FromDays(7);
    public static readonly TimeSpan QuarterKeep = TimeSpan.FromDays(90);

    /// <summary>At most this many points go to a chart; finer rows are averaged into buckets.</summary>
    public const int MaxPoints = 360;

    public static readonly IReadOnlyList<string> Ranges = ["1h", "24h", "7d", "90d"];

    public static bool TryParse(string? range, out TimeSpan span, out int resolution)
    {
        (span, resolution) = range switch
        {
            null or "" or "1h" => (TimeSpan.FromHours(1), Raw),
            "24h" => (TimeSpan.FromHours(24), Minute),
            "7d" => (TimeSpan.FromDays(7), Minute),
            "90d" => (TimeSpan.FromDays(90), Quarter),
            _ => (TimeSpan.Zero, 0),
        };
        return resolution != 0;
    }

    public static DateTimeOffset Floor(DateTimeOffset at, int seconds) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.FromSeconds(seconds).Ticks, TimeSpan.Zero);
}
