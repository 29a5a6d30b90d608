using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Tests.Features.Servers;

/// <summary>Adopting a pz-sim container a user started by hand with the docker CLI, through the API and the real agent.</summary>
[Trait("Category", "Docker")]
public sealed class ServerAdoptionTests : ManagerWithAgentTestBase
{
    private static readonly TimeSpan s_serverBound = TimeSpan.FromSeconds(90);
    private readonly List<string> _containers = [];

    [DockerFact]
    public async Task Adopt_RunningContainerMovingData_RunsUnderTheDataRootWithItsWorld_OldContainerGone()
    {
        var (old, world, data, ports) = await StartByHandAsync();

        var adoptable = await Admin.GetFromJsonAsync<List<AdoptableView>>($"/api/agents/{AgentId}/servers/adoptable").DefaultTimeout();
        var found = Assert.Single(adoptable!, a => a.Name == old);
        Assert.Equal("pz-sim", found.Plan!.ProfileId);
        Assert.Equal((ports.Game, ports.Udp, ports.Rcon), (found.Plan.GamePort!.Value, found.Plan.UdpPort, found.Plan.RconPort));
        Assert.Equal(world, found.Plan.Name);
        Assert.Equal(data, found.Plan.DataSource);
        Assert.False(found.DataInsideRoot);

        using var response = await Admin.PostAsJsonAsync($"/api/agents/{AgentId}/servers/adopt", new { containerId = found.ContainerId, moveData = true }).DefaultTimeout();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var server = (await response.Content.ReadFromJsonAsync<ServerView>())!;
        _containers.Add($"zedops-{server.Name}");
        Assert.Equal("pw-by-hand", server.Secrets!.RconPassword);

        var running = await WaitStatusAsync(server.Id, ServerStatuses.Running);
        Assert.Equal($"{found.DataRoot}/{world}", running.DataPath);
        Assert.True(Directory.EnumerateFiles(Path.Combine(running.DataPath, "Saves", "Multiplayer", world)).Any(), "the world moved with the data");
        Assert.True(File.Exists(Path.Combine(running.DataPath, "Server", $"{world}.ini")));
        Assert.False(Directory.Exists(data), "the data was moved, not copied");
        Assert.NotEqual(0, (await Processes.RunAsync("docker", ["inspect", old])).Code);
        var after = await Admin.GetFromJsonAsync<List<AdoptableView>>($"/api/agents/{AgentId}/servers/adoptable").DefaultTimeout();
        Assert.DoesNotContain(after!, a => a.Name == old);
    }

    [DockerFact]
    public async Task Adopt_DataOutsideTheRootWithoutMove_Refused400_NothingChanged()
    {
        var (old, _, data, _) = await StartByHandAsync();

        using var response = await Admin.PostAsJsonAsync($"/api/agents/{AgentId}/servers/adopt", new { containerId = old, moveData = false }).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("outside the agent's data root", problem!.Detail, StringComparison.Ordinal);
        Assert.Empty((await Admin.GetFromJsonAsync<List<ServerView>>($"/api/servers?agentId={AgentId}"))!);
        Assert.Equal("running", (await Processes.RunAsync("docker", ["inspect", "-f", "{{.State.Status}}", old])).Output.Trim());
        Assert.True(Directory.EnumerateFileSystemEntries(data).Any());
    }

    /// <summary>As a user would: <c>docker run</c> of pz-sim with a bind-mounted data dir outside the agent's data root.</summary>
    private async Task<(string Container, string World, string Data, (int Game, int Udp, int Rcon) Ports)> StartByHandAsync()
    {
        var tag = await PzSimImage.EnsureAsync();
        var container = "byhand-" + Guid.NewGuid().ToString("N")[..10];
        var world = "w" + Guid.NewGuid().ToString("N")[..10];
        var data = Directory.CreateTempSubdirectory("zedops-byhand-").FullName;
        var ports = FreePorts.ServerSet();
        _containers.Add(container);
        await DockerTestContainers.DockerCliAsync("run", "-d", "--name", container,
            "-e", "RCON_PASSWORD=pw-by-hand", "-e", $"SERVER_NAME={world}", "-e", "SIM_BOOT_DELAY_SECONDS=1",
            "-e", $"DEFAULT_PORT={ports.Game}", "-e", $"UDP_PORT={ports.Udp}", "-e", $"RCON_PORT={ports.Rcon}",
            "-p", $"{ports.Game}:{ports.Game}/udp", "-p", $"{ports.Udp}:{ports.Udp}/udp", "-p", $"127.0.0.1:{ports.Rcon}:{ports.Rcon}",
            "-v", $"{data}:/home/steam/Zomboid", $"zedops/pz-sim:{tag}");
        var saves = Path.Combine(data, "Saves", "Multiplayer", world);
        await Eventually.TrueAsync(() => Directory.Exists(saves) && Directory.EnumerateFiles(saves).Any(), "pz-sim wrote its world", s_serverBound);
        return (container, world, data, ports);
    }

    protected override async Task CleanupAsync()
    {
        foreach (var name in _containers)
        {
            await Processes.RunAsync("docker", ["rm", "-f", name]);
        }
    }

    private Task<ServerView> WaitStatusAsync(Guid id, string status) => Eventually.ReturnsAsync(
        async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{id}"))!,
        v => v.Status == status && v.Operation is null, $"server status {status}", s_serverBound);
}
