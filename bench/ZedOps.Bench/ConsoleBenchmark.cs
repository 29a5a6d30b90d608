using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ZedOps.Manager.Features.Containers;
using ZedOps.Protocol.Containers;
using ZedOps.Testing;

namespace ZedOps.Bench;

/// <summary>Console throughput and latency end to end: container stdout → Docker → agent → manager → viewers.</summary>
internal static class ConsoleBenchmark
{
    public static async Task RunAsync()
    {
        if (Requirements.DockerMissing is { } why)
        {
            Console.WriteLine($"console skipped: {why}");
            return;
        }
        await using var docker = new DockerTestContainers();
        await docker.InitializeAsync();
        await using var host = await ManagerWithAgent.StartAsync("console-bench");
        var hub = host.Manager.Services.GetRequiredService<ContainerLogHub>();
        foreach (var viewers in new[] { 1, 20 })
        {
            await ThroughputAsync(docker, hub, host.AgentId, viewers, lines: 1_000_000);
        }
        await LatencyAsync(docker, hub, host.AgentId);
    }

    internal static async Task ThroughputAsync(DockerTestContainers docker, ContainerLogHub hub, Guid agentId, int viewerCount, int lines, string label = "console")
    {
        var name = await docker.CreateAsync(["sh", "-c", $"until [ -f /tmp/go ]; do sleep 0.05; done; seq 1 {lines}; trap 'exit 0' TERM; while true; do sleep 1; done"]);
        var viewers = new List<LogViewer>();
        for (var i = 0; i < viewerCount; i++)
        {
            viewers.Add(await hub.OpenAsync(agentId, name, 0, CancellationToken.None));
        }
        var last = lines.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var received = new long[viewerCount];
        var stopwatch = Stopwatch.StartNew();
        await DockerTestContainers.DockerCliAsync("exec", name, "touch", "/tmp/go");
        await Task.WhenAll(viewers.Select(async (viewer, i) =>
        {
            await foreach (var batch in viewer.ReadBatchesAsync())
            {
                received[i] += batch.Count(l => l.Stream == LogStreams.Stdout);
                if (batch.Count > 0 && batch[^1].Text == last)
                {
                    return;
                }
            }
        })).WaitAsync(TimeSpan.FromMinutes(5));
        stopwatch.Stop();
        var skipped = lines - received.Min();
        Console.WriteLine($"{label}  viewers={viewerCount,2}  lines={lines}  {lines / stopwatch.Elapsed.TotalSeconds,9:0} lines/s per viewer " +
                          $"({lines * viewerCount / stopwatch.Elapsed.TotalSeconds:0} delivered/s)  elapsed={stopwatch.Elapsed.TotalSeconds:0.00} s  " +
                          $"lines a viewer lost to its bounded queue (worst)={skipped}");
        foreach (var viewer in viewers)
        {
            await viewer.DisposeAsync();
        }
    }

    private static async Task LatencyAsync(DockerTestContainers docker, ContainerLogHub hub, Guid agentId)
    {
        // busybox usleep paces the writer at ~1,000 lines/s; Docker stamps each line when it reads it from stdout.
        var name = await docker.CreateAsync(["sh", "-c", "trap 'exit 0' TERM; i=0; while true; do echo tick $i; i=$((i+1)); usleep 1000; done"]);
        await using var viewer = await hub.OpenAsync(agentId, name, 0, CancellationToken.None);
        var latencies = new List<double>();
        var started = Stopwatch.StartNew();
        await foreach (var batch in viewer.ReadBatchesAsync())
        {
            var now = DateTimeOffset.UtcNow;
            latencies.AddRange(batch.Where(l => l.Stream == LogStreams.Stdout).Select(l => (now - l.At).TotalMilliseconds));
            if (started.Elapsed > TimeSpan.FromSeconds(10))
            {
                break;
            }
        }
        latencies.Sort();
        Console.WriteLine($"console  latency at {latencies.Count / started.Elapsed.TotalSeconds:0} lines/s: p50={latencies[latencies.Count / 2]:0.00} ms  " +
                          $"p99={latencies[(int)(latencies.Count * 0.99)]:0.00} ms  max={latencies[^1]:0.00} ms  (stdout → Docker timestamp → viewer)");
    }
}
