using System.Net;
using System.Net.Http.Json;
using Xunit;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Testing;

/// <summary>A manager with one agent, plus running pz-sim servers created through the API and removed after each test.</summary>
public abstract class PzSimServerTestBase : ManagerWithAgentTestBase
{
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    /// <summary>Names of servers whose containers the test made (clones included); removed at the end.</summary>
    protected List<string> Created { get; } = [];

    /// <summary>A running pz-sim server with a 1 s boot and the player alice; <paramref name="worldName"/> overrides PZ's world name.</summary>
    protected async Task<ServerView> CreateRunningAsync(string? worldName = null, string prefix = "b")
    {
        var ports = FreePorts.ServerSet();
        var name = prefix + Guid.NewGuid().ToString("N")[..10];
        using var response = await Admin.PostAsJsonAsync($"/api/agents/{AgentId}/servers", new
        {
            name, profileId = "pz-sim", tag = await PzSimImage.EnsureAsync(), gamePort = ports.Game, udpPort = ports.Udp, rconPort = ports.Rcon,
            config = new { worldName, extraEnv = new Dictionary<string, string> { ["SIM_BOOT_DELAY_SECONDS"] = "1", ["SIM_PLAYERS"] = "alice" } },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        Created.Add(name);
        var server = (await response.Content.ReadFromJsonAsync<ServerView>())!;
        return await WaitServerAsync(server.Id, v => v.Status == ServerStatuses.Running, "server running");
    }

    protected Task<ServerView> WaitServerAsync(Guid id, Func<ServerView, bool> condition, string what) =>
        Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{id}"))!, condition, what, Bound);

    protected async Task StopAsync(Guid id)
    {
        using (var stop = await Admin.PostAsync($"/api/servers/{id}/stop", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        }
        await WaitServerAsync(id, v => v.Status == ServerStatuses.Stopped && v.Operation is null, "stopped");
    }

    protected override async Task CleanupAsync()
    {
        foreach (var name in Created)
        {
            await Processes.RunAsync("docker", ["rm", "-f", $"zedops-{name}"]);
        }
    }
}
