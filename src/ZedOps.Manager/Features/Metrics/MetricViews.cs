namespace ZedOps.Manager.Features.Metrics;

public sealed record ServerMetricPoint(
    DateTimeOffset At,
    double CpuPercent,
    long MemoryUsedBytes,
    long MemoryLimitBytes,
    double NetRxBytesPerSecond,
    double NetTxBytesPerSecond,
    double BlockReadBytesPerSecond,
    double BlockWriteBytesPerSecond,
    double? PlayersOnline);

public sealed record HostMetricPoint(
    DateTimeOffset At,
    double CpuPercent,
    long MemoryUsedBytes,
    long MemoryTotalBytes,
    long DiskUsedBytes,
    long DiskTotalBytes,
    double Load1);

/// <summary>A chart's data: <see cref="Resolution"/> is the tier read (seconds), <see cref="BucketSeconds"/> the width of
/// each returned point after averaging down to at most <see cref="MetricTiers.MaxPoints"/>.</summary>
public sealed record ServerMetricSeries(Guid ServerId, string Range, int Resolution, int BucketSeconds, IReadOnlyList<ServerMetricPoint> Points);

/// <summary>A host's series and the same range's series of each of its servers (their share of the host).</summary>
public sealed record HostMetricSeries(Guid AgentId, string Range, int Resolution, int BucketSeconds, IReadOnlyList<HostMetricPoint> Points,
    IReadOnlyList<ServerShare> Servers);

public sealed record ServerShare(Guid ServerId, string Name, IReadOnlyList<ServerMetricPoint> Points);
