namespace ZedOps.Manager.Data.Entities;

/// <summary>One point of a game server's series. <see cref="Resolution"/> (seconds) names the tier: raw 10 s samples
/// as the agent sent them, and the 60 s and 900 s averages the rollup writes (<c>MetricTiers</c>). Rates are bytes/s.</summary>
public sealed class ServerMetricEntity
{
    public Guid ServerId { get; set; }
    public int Resolution { get; set; }
    public DateTimeOffset At { get; set; }
    public double CpuPercent { get; set; }
    public long MemoryUsedBytes { get; set; }
    public long MemoryLimitBytes { get; set; }
    public double NetRxBytesPerSecond { get; set; }
    public double NetTxBytesPerSecond { get; set; }
    public double BlockReadBytesPerSecond { get; set; }
    public double BlockWriteBytesPerSecond { get; set; }
    public double? PlayersOnline { get; set; }
}

/// <summary>One point of a host's series, taken from the agent's heartbeats (at most one per raw interval).</summary>
public sealed class HostMetricEntity
{
    public Guid AgentId { get; set; }
    public int Resolution { get; set; }
    public DateTimeOffset At { get; set; }
    public double CpuPercent { get; set; }
    public long MemoryUsedBytes { get; set; }
    public long MemoryTotalBytes { get; set; }
    public long DiskUsedBytes { get; set; }
    public long DiskTotalBytes { get; set; }
    public double Load1 { get; set; }
}
