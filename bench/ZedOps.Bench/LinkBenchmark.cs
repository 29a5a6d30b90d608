using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ZedOps.Manager.Features.Agents;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;
using ZedOps.Testing;

namespace ZedOps.Bench;

/// <summary>Manager→agent request/reply over loopback through the real hub, IAgentLink and agent dispatcher.</summary>
internal static class LinkBenchmark
{
    public static async Task RunAsync()
    {
        var manager = await ManagerHost.StartAsync();
        try
        {
            await RunOnAsync(manager);
        }
        finally
        {
            await manager.DisposeAsync();
            manager.DeleteData();
        }
    }

    private static async Task RunOnAsync(ManagerHost manager)
    {
        using var admin = await manager.CreateAdminClientAsync();
        await using var agent = AgentProcess.Start(manager.BaseAddress, await manager.CreateRegistrationTokenAsync(admin, "bench"), "bench");
        await Eventually.TrueAsync(() => manager.Registry.OnlineCount == 1, "bench agent online");
        var agentId = manager.Registry.Connections.Single().AgentId;
        var link = manager.Services.GetRequiredService<IAgentLink>();

        await MeasureAsync(link, agentId, inFlight: 1, requests: 2_000, warmup: true);
        foreach (var inFlight in new[] { 1, 64 })
        {
            await MeasureAsync(link, agentId, inFlight, requests: inFlight == 1 ? 20_000 : 200_000, warmup: false);
        }
    }

    internal static async Task MeasureAsync(IAgentLink link, Guid agentId, int inFlight, int requests, bool warmup, string label = "link")
    {
        var latencies = new double[requests];
        var next = -1;
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, inFlight).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var start = Stopwatch.GetTimestamp();
                await link.RequestAsync(agentId, Requests.Ping, new PingRequest(DateTimeOffset.UtcNow));
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        });
        await Task.WhenAll(workers);
        total.Stop();
        if (warmup)
        {
            return;
        }
        Array.Sort(latencies);
        Console.WriteLine($"{label}  in-flight={inFlight,3}  requests={requests,7}  p50={Percentile(latencies, 0.50):0.000} ms  p99={Percentile(latencies, 0.99):0.000} ms  " +
                          $"throughput={requests / total.Elapsed.TotalSeconds:0} req/s");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}
