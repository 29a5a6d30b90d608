using System.Net;
using System.Net.Http.Json;
using Xunit;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Testing;

/// <summary>Running pz-sim servers made through the API, for tests that need a real game container; the names are
/// collected so the test can remove the containers afterwards.</summary>
public static class PzSimServers
{
    /// <summary>A pz-sim server with a 1 s boot, running; <paramref name="players"/> are simulated players
    /// (SIM_PLAYERS), <paramref name="worldName"/> overrides PZ's world name, <paramref name="build"/> (41 or 42) is PZ_BUILD.</summary>
    public static async Task<ServerView> CreateRunningAsync(HttpClient admin, Guid agentId, string prefix, ICollection<string> created, TimeSpan bound,
        string? worldName = null, string? players = null, string? build = null)
    {
        var ports = FreePorts.ServerSet();
        var name = prefix + Guid.NewGuid().ToString("N")[..8];
        using var response = await admin.PostAsJsonAsync($"/api/agents/{agentId}/servers", new
        {
            name, profileId = "pz-sim", tag = await PzSimImage.EnsureAsync(), gamePort = ports.Game, udpPort = ports.Udp, rconPort = ports.Rcon,
            config = new { worldName, extraEnv = Env(players, build) },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        created.Add(name);
        var server = (await response.Content.ReadFromJsonAsync<ServerView>())!;
        return await Eventually.ReturnsAsync(async () => (await admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Running, "server running", bound);
    }

    private static Dictionary<string, string> Env(string? players, string? build)
    {
        var env = new Dictionary<string, string> { ["SIM_BOOT_DELAY_SECONDS"] = "1" };
        if (players is not null)
        {
            env["SIM_PLAYERS"] = players;
        }
        if (build is not null)
        {
            env["PZ_BUILD"] = build;
        }
        return env;
    }

    public static async Task RemoveAsync(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            await Processes.RunAsync("docker", ["rm", "-f", $"zedops-{name}"]);
        }
    }
}
