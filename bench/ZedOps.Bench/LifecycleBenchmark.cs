using System.Diagnostics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Testing;

namespace ZedOps.Bench;

/// <summary>create → running and stop → stopped with pz-sim, split into ZedOps's share, Docker's and the game's; and
/// the cost of one sync of an agent with 50 catalogued servers.</summary>
internal static class LifecycleBenchmark
{
    public static async Task RunAsync()
    {
        if (Requirements.DockerMissing is { } why)
        {
            Console.WriteLine($"lifecycle skipped: {why}");
            return;
        }
        var tag = await PzSimImage.EnsureAsync();
        await using var host = await ManagerWithAgent.StartAsync("lifecycle-bench");
        var names = new List<string>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var name = $"bench{i}{Guid.NewGuid().ToString("N")[..6]}";
                names.Add(name);
                await OneRoundAsync(host, name, tag);
            }
            await SyncCostAsync(host);
        }
        finally
        {
            foreach (var name in names)
            {
                await Processes.RunAsync("docker", ["rm", "-f", $"zedops-{name}"]);
            }
        }
    }

    private static async Task OneRoundAsync(ManagerWithAgent host, string name, string tag)
    {
        var ports = FreePorts.ServerSet();
        var sent = DateTimeOffset.UtcNow;
        var created = await (await host.Admin.PostAsJsonAsync($"/api/agents/{host.AgentId}/servers",
            new { name, profileId = "pz-sim", tag, gamePort = ports.Game, udpPort = ports.Udp, rconPort = ports.Rcon })).Content.ReadFromJsonAsync<ServerView>();
        var running = await WaitAsync(host, created!.Id, ServerStatuses.Running);
        var container = await InspectAsync(host, name);
        var ready = await ReadyLineAtAsync(host, name);
        var zedopsBefore = container.CreatedAt - sent;
        var docker = container.StartedAt!.Value - container.CreatedAt;
        var game = ready - container.StartedAt.Value;
        var zedopsAfter = running - ready;
        Console.WriteLine($"lifecycle  create→running {Ms(running - sent),7}  = ZedOps {Ms(zedopsBefore + zedopsAfter)} (before Docker {Ms(zedopsBefore)}, after the ready line {Ms(zedopsAfter)})" +
                          $" + Docker create/start {Ms(docker)} + game boot {Ms(game)} (pz-sim SIM_BOOT_DELAY_SECONDS=3)");

        var stopSent = DateTimeOffset.UtcNow;
        (await host.Admin.PostAsync($"/api/servers/{created.Id}/stop", null)).EnsureSuccessStatusCode();
        var stopped = await WaitAsync(host, created.Id, ServerStatuses.Stopped);
        var exited = (await InspectAsync(host, name)).FinishedAt!.Value;
        Console.WriteLine($"lifecycle  stop→stopped   {Ms(stopped - stopSent),7}  = game save+quit+exit and Docker {Ms(exited - stopSent)} + ZedOps after the exit {Ms(stopped - exited)}");
    }

    private static async Task SyncCostAsync(ManagerWithAgent host)
    {
        await using (var scope = host.Manager.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
            var root = (await host.Admin.GetAgentAsync(host.AgentId)).Name;
            for (var i = 0; i < 50; i++)
            {
                db.Servers.Add(new ServerEntity
                {
                    Id = Guid.NewGuid(), AgentId = host.AgentId, Name = $"sync{i:00}", ProfileId = "pz-sim", Image = "zedops/pz-sim", Tag = "latest",
                    GamePort = 20000 + (i * 2), UdpPort = 20001 + (i * 2), RconPort = 30000 + i, DataPath = $"/tmp/zedops-bench-sync/{root}/sync{i:00}",
                    ConfigJson = "{}", ProtectedSecrets = "", Status = ServerStatuses.Stopped, StopTimeoutSeconds = 120,
                    CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
                });
            }
            await db.SaveChangesAsync();
        }
        var sync = host.Manager.Services.GetRequiredService<ServerSync>();
        await sync.SyncAgentAsync(host.AgentId, CancellationToken.None);
        var samples = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var watch = Stopwatch.StartNew();
            await sync.SyncAgentAsync(host.AgentId, CancellationToken.None);
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        Console.WriteLine($"lifecycle  sync of an agent with 50+ servers: p50={samples[10]:0.0} ms  max={samples[^1]:0.0} ms (inventory round trip + reconcile + save)");
    }

    private static async Task<DateTimeOffset> WaitAsync(ManagerWithAgent host, Guid id, string status)
    {
        var view = await Eventually.ReturnsAsync(async () => (await host.Admin.GetFromJsonAsync<ServerView>($"/api/servers/{id}"))!,
            v => v.Status == status && v.Operation is null, status, TimeSpan.FromMinutes(3));
        return DateTimeOffset.UtcNow > view.UpdatedAt ? view.UpdatedAt : DateTimeOffset.UtcNow;
    }

    private static async Task<ContainerSummary> InspectAsync(ManagerWithAgent host, string name) =>
        (await host.Admin.GetFromJsonAsync<ContainerSummary>($"/api/agents/{host.AgentId}/containers/zedops-{name}"))!;

    private static async Task<DateTimeOffset> ReadyLineAtAsync(ManagerWithAgent host, string name)
    {
        var text = await host.Admin.GetStringAsync($"/api/agents/{host.AgentId}/containers/zedops-{name}/logs?tail=5000");
        var line = text.Split('\n').Where(l => l.StartsWith("data: ", StringComparison.Ordinal))
            .Select(l => System.Text.Json.JsonSerializer.Deserialize(l["data: ".Length..], ProtocolJsonContext.Default.LogLine)!)
            .First(l => l.Text.Contains("SERVER STARTED", StringComparison.Ordinal));
        return line.At;
    }

    private static string Ms(TimeSpan span) => $"{span.TotalMilliseconds:0} ms";
}
