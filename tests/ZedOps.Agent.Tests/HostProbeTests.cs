using Microsoft.Extensions.Options;
using ZedOps.Agent.Host;

namespace ZedOps.Agent.Tests;

public sealed class HostProbeTests
{
    private sealed class FixedProc : ProcFileSystem
    {
        public Dictionary<string, string> Files { get; } = new()
        {
            ["meminfo"] = "MemTotal:       16000000 kB\nMemFree:         1000000 kB\nMemAvailable:    4000000 kB\n",
            ["loadavg"] = "0.52 0.40 0.30 1/234 5678\n",
            ["uptime"] = "12345.67 20000.00\n",
            ["stat"] = "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 2 3\n",
            ["sys/kernel/osrelease"] = "6.1.0-test\n",
        };

        public override string? ReadText(string relative) => Files.GetValueOrDefault(relative);

        public override string? ReadEtc(string relative) => relative == "os-release" ? "NAME=\"Debian\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n" : null;
    }

    private static HostProbe Create(FixedProc proc) =>
        new(Options.Create(new AgentOptions { DataRoot = "/nonexistent/zedops/servers" }), proc);

    [Fact]
    public void Sample_ReadsMemoryLoadUptimeAndDiskOfNearestExistingDir()
    {
        var metrics = Create(new FixedProc()).Sample();
        Assert.Equal(16_000_000L * 1024, metrics.MemoryTotalBytes);
        Assert.Equal(12_000_000L * 1024, metrics.MemoryUsedBytes);
        Assert.Equal(0.52, metrics.Load1);
        Assert.Equal(12345, metrics.UptimeSeconds);
        Assert.True(metrics.DiskTotalBytes > 0);
    }

    [Fact]
    public void Sample_CpuIsBusyShareBetweenTwoSamples()
    {
        var proc = new FixedProc();
        var probe = Create(proc);
        Assert.Equal(0, probe.Sample().CpuPercent); // first sample has no delta
        proc.Files["stat"] = "cpu  175 0 125 900 0 0 0 0 0 0\n"; // +100 busy, +100 idle
        Assert.Equal(50, probe.Sample().CpuPercent);
    }

    [Fact]
    public void Describe_ReadsOsAndKernel()
    {
        var info = Create(new FixedProc()).Describe();
        Assert.Equal("Debian GNU/Linux 12 (bookworm)", info.Os);
        Assert.Equal("6.1.0-test", info.Kernel);
        Assert.Equal("/nonexistent/zedops/servers", info.DataRoot);
    }
}
