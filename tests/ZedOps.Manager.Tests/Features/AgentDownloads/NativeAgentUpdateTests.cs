using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using ZedOps.Agent.Identity;
using ZedOps.Manager.Features.AgentDownloads;
using ZedOps.Manager.Features.Agents;
using ZedOps.Testing;

namespace ZedOps.Manager.Tests.Features.AgentDownloads;

/// <summary>The whole path a friend's host takes, with the real NativeAOT binary: install script → the installed binary
/// registers and comes online → a tampered build is refused and the old binary keeps running → a rebuilt build is
/// installed by self-update, the same process (execv) comes back running it, and a game container is untouched.</summary>
public sealed class NativeAgentUpdateTests : IAsyncLifetime
{
    private readonly string _builds = AgentBuilds.NewRoot();
    private readonly List<string> _servers = [];
    private ManagerHost _manager = null!;
    private InstalledAgent? _agent;
    private string Log => _agent?.Log ?? "";

    public async Task InitializeAsync() =>
        _manager = await ManagerHost.StartAsync(new ManagerHostOptions { Settings = new Dictionary<string, string> { ["ZedOps:AgentBinariesPath"] = _builds } });

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
        await PzSimServers.RemoveAsync(_servers);
        await _manager.DisposeAsync();
        _manager.DeleteData();
        Directory.Delete(_builds, recursive: true);
    }

    private string Installed(string path) => _agent!.PathOf(path);

    [NativeAgentFact]
    public async Task InstallRegisterTamperRefusedThenSelfUpdate_SameProcessBackOnNewBuild()
    {
        var release = AgentBuilds.Copy(AgentBuilds.Native!, _builds);
        var original = AgentBuilds.Sha256(Path.Combine(release, "zedops-agent"));
        using var admin = await _manager.CreateAdminClientAsync();
        var token = await _manager.CreateRegistrationTokenAsync(admin, "native-pc");

        _agent = await InstalledAgent.InstallAsync(_manager.BaseAddress, token, "native-pc");
        _agent.Start();
        var agent = await WaitForAsync(a => a.Status == AgentStatuses.Online && a.Update.RunningSha256 == original, "the installed agent online");
        Assert.Equal(UpdateStates.Current, agent.Update.State);
        var pinned = new AgentIdentityStore(_agent.StateDir).Load()!.ManagerSigningKey;
        Assert.Equal(_manager.Services.GetRequiredService<AgentSigningKey>().PublicKey, pinned);
        var container = Requirements.DockerMissing is null ? await StartGameServerAsync(admin, agent.Id) : null;

        // A build whose binary does not match its SHA256SUMS (tampered on the way or on disk): refused, nothing changes.
        AgentBuilds.Copy(AgentBuilds.Native!, _builds, trailer: "rebuilt-1"u8.ToArray());
        var rebuilt = AgentBuilds.Sha256(Path.Combine(release, "zedops-agent"));
        var rebuiltBytes = File.ReadAllBytes(Path.Combine(release, "zedops-agent"));
        File.AppendAllText(Path.Combine(release, "zedops-agent"), "tampered");
        Assert.Equal(UpdateStates.Outdated, (await WaitForAsync(a => a.Update.State == UpdateStates.Outdated, "agent shown outdated")).Update.State);

        using (var refused = await admin.PostAsync($"/api/agents/{agent.Id}/update", null))
        {
            var problem = await refused.Content.ReadFromJsonAsync<ProblemDetails>();
            Assert.True(refused.StatusCode == HttpStatusCode.UnprocessableEntity, $"{refused.StatusCode}: {problem?.Detail}\n{Log}");
            Assert.Contains("tampered", problem!.Detail, StringComparison.Ordinal);
        }
        Assert.Equal(original, AgentBuilds.Sha256(Installed("/opt/zedops-agent/zedops-agent")));
        Assert.False(_agent.Process!.HasExited);
        Assert.Equal(original, (await GetAgentAsync(admin, agent.Id)).Update.RunningSha256);

        // The same build as its SHA256SUMS says: installed, and the same process is back online running it.
        File.WriteAllBytes(Path.Combine(release, "zedops-agent"), rebuiltBytes);
        using (var updated = await admin.PostAsync($"/api/agents/{agent.Id}/update", null))
        {
            var body = await updated.Content.ReadAsStringAsync();
            Assert.True(updated.StatusCode == HttpStatusCode.OK, $"{updated.StatusCode}: {body}\n{Log}");
            Assert.Contains("\"updated\"", body, StringComparison.Ordinal);
        }
        var after = await GetAgentAsync(admin, agent.Id);
        Assert.Equal((AgentStatuses.Online, rebuilt, UpdateStates.Current), (after.Status, after.Update.RunningSha256, after.Update.State));
        Assert.Equal(rebuilt, AgentBuilds.Sha256(Installed("/opt/zedops-agent/zedops-agent")));
        Assert.Equal(original, AgentBuilds.Sha256(Installed("/opt/zedops-agent/zedops-agent.prev")));
        Assert.False(File.Exists(Installed("/opt/zedops-agent/update-pending.json")), "the new build confirmed itself after its hello");
        Assert.False(_agent.Process.HasExited, "execv keeps the process (and its PID)");
        if (container is not null)
        {
            Assert.Equal(container, await InspectAsync(_servers[0]));
        }
    }

    private async Task<AgentView> WaitForAsync(Func<AgentView, bool> done, string what)
    {
        using var admin = await _manager.CreateAdminClientAsync();
        return await Eventually.ReturnsAsync(async () => (await admin.GetFromJsonAsync<List<AgentView>>("/api/agents"))!.SingleOrDefault()!,
            a => a is not null && done(a), what + "\n" + Log, TimeSpan.FromSeconds(60));
    }

    private static async Task<AgentView> GetAgentAsync(HttpClient admin, Guid id) => (await admin.GetFromJsonAsync<AgentView>($"/api/agents/{id}"))!;

    private async Task<string> StartGameServerAsync(HttpClient admin, Guid agentId)
    {
        await PzSimServers.CreateRunningAsync(admin, agentId, "native", _servers, TimeSpan.FromSeconds(90));
        return await InspectAsync(_servers[0]);
    }

    private static async Task<string> InspectAsync(string server) =>
        (await Processes.RunAsync("docker", ["inspect", "-f", "{{.Id}} {{.State.StartedAt}} {{.State.Running}}", $"zedops-{server}"])).Output.Trim();
}
