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
    protected Task<ServerView> CreateRunningAsync(string? worldName = null, string prefix = "b") =>
        PzSimServers.CreateRunningAsync(Admin, AgentId, prefix, Created, Bound, worldName, players: "alice");

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

    protected override Task CleanupAsync() => PzSimServers.RemoveAsync(Created);
}
