using System.Net;
using System.Net.Http.Json;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;
using ZedOps.Testing;

namespace ZedOps.Manager.Tests.Features.Backups;

/// <summary>Running pz-sim servers created through the API, removed again after each test.</summary>
public abstract class BackupTestBase : ManagerWithAgentTestBase
{
    protected static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    /// <summary>Names of servers whose containers the test made (clones included).</summary>
    protected List<string> Created { get; } = [];

    /// <summary>The agent keeps backups beside its data root: <c>&lt;data root&gt;-backups/&lt;server id&gt;/</c>.</summary>
    protected static string BackupDir(ServerView server) =>
        Path.Combine(Path.GetDirectoryName(server.DataPath)! + "-backups", server.Id.ToString("D"));

    protected async Task StopAsync(Guid id)
    {
        using (var stop = await Admin.PostAsync($"/api/servers/{id}/stop", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        }
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{id}"))!,
            v => v.Status == ServerStatuses.Stopped && v.Operation is null, "stopped", Bound);
    }

    protected Task<ListBackupsResult> WaitBackupsAsync(Guid id, int count) => Eventually.ReturnsAsync(
        async () => (await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{id}/backups"))!,
        l => l.Backups.Count == count, $"{count} backups", Bound);

    protected async Task<ServerView> CreateRunningAsync(string? worldName = null)
    {
        var ports = FreePorts.ServerSet();
        var name = "b" + Guid.NewGuid().ToString("N")[..10];
        using var response = await Admin.PostAsJsonAsync($"/api/agents/{AgentId}/servers", new
        {
            name, profileId = "pz-sim", tag = await PzSimImage.EnsureAsync(), gamePort = ports.Game, udpPort = ports.Udp, rconPort = ports.Rcon,
            config = new { worldName, extraEnv = new Dictionary<string, string> { ["SIM_BOOT_DELAY_SECONDS"] = "1", ["SIM_PLAYERS"] = "alice" } },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        Created.Add(name);
        var server = (await response.Content.ReadFromJsonAsync<ServerView>())!;
        return await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Running, "server running", Bound);
    }

    protected override async Task CleanupAsync()
    {
        foreach (var name in Created)
        {
            await Processes.RunAsync("docker", ["rm", "-f", $"zedops-{name}"]);
        }
    }
}
