using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Mvc;
using Xunit.Abstractions;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Tests.Features.Servers;

/// <summary>The game-server lifecycle through the API, the real agent, the real Docker daemon and pz-sim.</summary>
[Trait("Category", "Docker")]
public sealed class ServerLifecycleTests(ITestOutputHelper output) : ManagerWithAgentTestBase
{
    private static readonly TimeSpan s_serverBound = TimeSpan.FromSeconds(90);

    [DockerFact]
    public async Task Create_Run_Stop_Start_Delete_Restore_Purge_KeepsDataUntilAskedOtherwise()
    {
        var server = await CreateAsync(Name());
        var started = DateTime.UtcNow;
        await WaitStatusAsync(server.Id, ServerStatuses.Running);
        output.WriteLine($"create → running: {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        Assert.True(File.Exists(Path.Combine(server.DataPath, "Server", $"{server.Name}.ini")), "pz-sim wrote its ini into the bind-mounted data dir");

        started = DateTime.UtcNow;
        await ActAsync(server.Id, "stop", HttpStatusCode.Accepted);
        await WaitStatusAsync(server.Id, ServerStatuses.Stopped);
        output.WriteLine($"stop → stopped: {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        var steps = await Admin.GetFromJsonAsync<List<ServerActivityEntry>>($"/api/servers/{server.Id}/activity");
        Assert.Contains(steps!, s => s.Message.Contains("save", StringComparison.OrdinalIgnoreCase));
        Assert.True(Directory.EnumerateFiles(Path.Combine(server.DataPath, "Saves", "Multiplayer", server.Name)).Any(), "world files saved");

        await ActAsync(server.Id, "start", HttpStatusCode.Accepted);
        await WaitStatusAsync(server.Id, ServerStatuses.Running);

        (await Admin.DeleteAsync($"/api/servers/{server.Id}")).EnsureSuccessStatusCode();
        var deleted = await WaitStatusAsync(server.Id, ServerStatuses.Deleted);
        Assert.Null(deleted.ContainerId);
        Assert.True(Directory.Exists(server.DataPath), "soft delete keeps the data");
        Assert.DoesNotContain((await Admin.GetFromJsonAsync<List<ZedOps.Protocol.Containers.ContainerSummary>>($"/api/agents/{AgentId}/containers"))!,
            c => c.Name == $"zedops-{server.Name}");

        await ActAsync(server.Id, "restore", HttpStatusCode.Accepted);
        await WaitStatusAsync(server.Id, ServerStatuses.Stopped);

        using (var wrong = await Admin.DeleteAsync($"/api/servers/{server.Id}/purge?confirm=nope"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync($"/api/servers/{server.Id}/settings/history")).StatusCode);
        using (var purge = await Admin.DeleteAsync($"/api/servers/{server.Id}/purge?confirm={server.Name}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, purge.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/servers/{server.Id}")).StatusCode);
        // The access check remembers which agent a server is on; the purge forgets it, so every route of the server
        // answers 404 at once (this one would list an empty history otherwise).
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/servers/{server.Id}/settings/history")).StatusCode);
        Assert.True(Directory.Exists(server.DataPath), "purge without removeData keeps the data");
    }

    [DockerFact]
    public async Task ContainerRemovedByHand_BecomesMissing_StartRecreatesWithDataIntact()
    {
        var server = await CreateAsync(Name());
        await WaitStatusAsync(server.Id, ServerStatuses.Running);
        var marker = Path.Combine(server.DataPath, "keep-me.txt");
        await File.WriteAllTextAsync(marker, "still here");

        await DockerTestContainers.DockerCliAsync("rm", "-f", $"zedops-{server.Name}");

        await WaitStatusAsync(server.Id, ServerStatuses.Missing);
        await ActAsync(server.Id, "start", HttpStatusCode.Accepted);
        await WaitStatusAsync(server.Id, ServerStatuses.Running);
        Assert.Equal("still here", await File.ReadAllTextAsync(marker));
    }

    [DockerFact]
    public async Task DataDirRemovedByHand_SyncReportsDataMissing()
    {
        var server = await CreateAsync(Name());
        await WaitStatusAsync(server.Id, ServerStatuses.Running);
        await ActAsync(server.Id, "stop", HttpStatusCode.Accepted);
        await WaitStatusAsync(server.Id, ServerStatuses.Stopped);

        Directory.Delete(server.DataPath, recursive: true);
        (await Admin.PostAsync($"/api/agents/{AgentId}/servers/sync", null)).EnsureSuccessStatusCode();

        var view = await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}");
        Assert.False(view!.DataExists);
    }

    [DockerFact]
    public async Task PortHeldByHostSocket_Refused409NamingThePort()
    {
        using var squatter = new UdpClient(0);
        var port = ((IPEndPoint)squatter.Client.LocalEndPoint!).Port;

        using var response = await Admin.PostAsJsonAsync($"/api/agents/{AgentId}/servers",
            new { name = Name(), profileId = "pz-sim", tag = await PzSimImage.EnsureAsync(), gamePort = port, udpPort = port + 1, rconPort = FreePorts.ServerSet().Rcon });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains($"Port {port}/udp is held by host socket", problem!.Detail, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task BadImage_FailedWithTheReason()
    {
        var ports = FreePorts.ServerSet();
        using var response = await Admin.PostAsJsonAsync($"/api/agents/{AgentId}/servers",
            new { name = Name(), profileId = "pz-sim", tag = "no-such-tag", gamePort = ports.Game, udpPort = ports.Udp, rconPort = ports.Rcon });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var server = (await response.Content.ReadFromJsonAsync<ServerView>())!;

        var failed = await WaitStatusAsync(server.Id, ServerStatuses.Failed);

        Assert.Contains("no-such-tag", failed.LastError, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task DataPathSymlinkOutOfTheDataRoot_RefusedByTheAgent()
    {
        var root = Path.Combine(Host.Agent.StateDir, "servers");
        Directory.CreateDirectory(root);
        var outside = Directory.CreateTempSubdirectory("zedops-outside-").FullName;
        var link = Path.Combine(root, "sneaky");
        File.CreateSymbolicLink(link, outside);
        var ports = FreePorts.ServerSet();

        using var response = await Admin.PostAsJsonAsync($"/api/agents/{AgentId}/servers",
            new { name = Name(), profileId = "pz-sim", tag = await PzSimImage.EnsureAsync(), gamePort = ports.Game, udpPort = ports.Udp, rconPort = ports.Rcon, dataPath = link });
        var server = (await response.Content.ReadFromJsonAsync<ServerView>())!;
        var failed = await WaitStatusAsync(server.Id, ServerStatuses.Failed);

        Assert.Contains("invalid_path", failed.LastError, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    private async Task<ServerView> CreateAsync(string name)
    {
        var ports = FreePorts.ServerSet();
        using var response = await Admin.PostAsJsonAsync($"/api/agents/{AgentId}/servers",
            new { name, profileId = "pz-sim", tag = await PzSimImage.EnsureAsync(), gamePort = ports.Game, udpPort = ports.Udp, rconPort = ports.Rcon });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var server = (await response.Content.ReadFromJsonAsync<ServerView>())!;
        Assert.Equal(ServerStatuses.Creating, server.Status);
        Assert.NotNull(server.Secrets);
        _created.Add(server.Name);
        return server;
    }

    private readonly List<string> _created = [];

    protected override async Task CleanupAsync()
    {
        foreach (var name in _created)
        {
            await Processes.RunAsync("docker", ["rm", "-f", $"zedops-{name}"]);
        }
    }

    private async Task ActAsync(Guid id, string action, HttpStatusCode expected)
    {
        using var response = await Admin.PostAsync($"/api/servers/{id}/{action}", null);
        Assert.True(response.StatusCode == expected, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private Task<ServerView> WaitStatusAsync(Guid id, string status) => Eventually.ReturnsAsync(
        async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{id}"))!,
        v => v.Status == status && v.Operation is null, $"server status {status}", s_serverBound);

    private static string Name() => "t" + Guid.NewGuid().ToString("N")[..10];
}
