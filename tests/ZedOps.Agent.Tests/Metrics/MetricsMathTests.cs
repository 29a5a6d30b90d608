using ZedOps.Agent.Docker;
using ZedOps.Agent.Metrics;

namespace ZedOps.Agent.Tests.Metrics;

public sealed class MetricsMathTests
{
    private static readonly DateTimeOffset s_t0 = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly Guid s_server = Guid.NewGuid();

    [Fact]
    public void Sample_FirstReading_CpuFromPreCpuAndNoRates()
    {
        // 0.5 s of container CPU while the 4-core host ran 4 s: one core at 50 %.
        var reading = Reading(s_t0, cpu: 1_500_000_000, system: 10_000_000_000, preCpu: 1_000_000_000, preSystem: 6_000_000_000, rx: 5_000);
        var sample = MetricsMath.Sample(s_server, reading, null, players: 2);
        Assert.Equal((50, 0.0, 2), (sample.CpuPercent, sample.NetRxBytesPerSecond, sample.PlayersOnline));
    }

    [Fact]
    public void Sample_AgainstPreviousReading_CpuAndRatesOverTheInterval()
    {
        var before = Reading(s_t0, cpu: 1_000_000_000, system: 10_000_000_000, rx: 5_000, write: 1_000);
        var now = Reading(s_t0.AddSeconds(10), cpu: 11_000_000_000, system: 50_000_000_000, rx: 25_000, write: 41_000);
        var sample = MetricsMath.Sample(s_server, now, before, players: null);
        Assert.Equal(100, sample.CpuPercent); // 10 s of CPU over 40 s of 4-core host time: one full core
        Assert.Equal(2_000, sample.NetRxBytesPerSecond);
        Assert.Equal(4_000, sample.BlockWriteBytesPerSecond);
        Assert.Null(sample.PlayersOnline);
    }

    [Fact]
    public void Sample_CountersWentBack_RatesZero()
    {
        var before = Reading(s_t0, cpu: 9_000_000_000, system: 10_000_000_000, rx: 50_000);
        var now = Reading(s_t0.AddSeconds(10), cpu: 1_000, system: 20_000_000_000, rx: 10);
        var sample = MetricsMath.Sample(s_server, now, before, players: 0);
        Assert.Equal((0, 0.0), (sample.CpuPercent, sample.NetRxBytesPerSecond));
    }

    private static ContainerStatsReading Reading(DateTimeOffset at, ulong cpu, ulong system, ulong preCpu = 0, ulong preSystem = 0, long rx = 0, long write = 0) =>
        new(at, cpu, system, preCpu, preSystem, 4, 300 << 20, 2L << 30, rx, rx / 2, 0, write);
}
