namespace ZedOps.Protocol.Metrics;

/// <summary>One 10-second reading of a game server's container. Rates are averages over the interval since the
/// previous reading (bytes per second); <see cref="PlayersOnline"/> is null when no player watch runs for it.</summary>
public sealed record ServerMetricsSample(
    Guid ServerId,
    DateTimeOffset At,
    double CpuPercent,
    long MemoryUsedBytes,
    long MemoryLimitBytes,
    double NetRxBytesPerSecond,
    double NetTxBytesPerSecond,
    double BlockReadBytesPerSecond,
    double BlockWriteBytesPerSecond,
    int? PlayersOnline);

/// <summary>The agent's batch of samples, sent every <see cref="MetricsIntervals.BatchSeconds"/> (never one message per
/// metric). The manager keeps only the samples of servers that belong to the sending agent.</summary>
public sealed record ServerMetricsReported(IReadOnlyList<ServerMetricsSample> Samples);

public static class MetricsIntervals
{
    public const int SampleSeconds = 10;
    public const int BatchSeconds = 20;

    /// <summary>Most samples one batch may carry; the manager drops the rest.</summary>
    public const int MaxSamplesPerBatch = 2_000;
}
