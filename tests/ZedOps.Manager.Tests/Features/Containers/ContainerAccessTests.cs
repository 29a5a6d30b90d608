using System.Net;
using System.Net.Http.Json;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Containers;

namespace ZedOps.Manager.Tests.Features.Containers;

/// <summary>Issue 10 item 1 and 2: a server's container needs rights on that server, other containers need rights on
/// the whole agent; console lines reach nobody with the server's passwords in them.</summary>
[Trait("Category", "Docker")]
public sealed class ContainerAccessTests : ManagerWithAgentTestBase
{
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8];
    private (Guid Id, string Container, ServerSecrets Secrets) _mine;
    private (Guid Id, string Container, ServerSecrets Secrets) _other;
    private string _labelledOther = "";
    private string _unrelated = "";

    private async Task SetUpAsync()
    {
        _mine = await ServerWithContainerAsync("mine");
        _other = await ServerWithContainerAsync("other");
        _labelledOther = await Docker.CreateAsync(DockerTestContainers.Forever, extraLabels: new Dictionary<string, string> { ["zedops.server.id"] = _other.Id.ToString() });
        _unrelated = await Docker.CreateAsync(DockerTestContainers.Forever, managed: false);
    }

    [DockerFact]
    public async Task ServerViewer_OtherServersAndHostContainers_ListInspectLogsAndActionsRefused()
    {
        await SetUpAsync();
        var (viewer, userId) = await Manager.CreateUserClientAsync(Admin, "viewer-" + _suffix);
        await Admin.GrantAsync(userId, "viewer", "server", _mine.Id);

        var listed = await viewer.GetFromJsonAsync<List<ContainerSummary>>($"/api/agents/{AgentId}/containers?all=true");
        Assert.Equal([_mine.Container], listed!.Select(c => c.Name));
        foreach (var reference in await ReferencesAsync(_other.Container, _labelledOther, _unrelated))
        {
            foreach (var path in new[] { "", "/logs?tail=10", "/logs?tail=10&follow=true" })
            {
                using var response = await viewer.GetAsync($"/api/agents/{AgentId}/containers/{reference}{path}", HttpCompletionOption.ResponseHeadersRead);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {reference}{path}: {(int)response.StatusCode}");
            }
            foreach (var action in new[] { "start", "stop", "restart", "kill" })
            {
                using var response = await viewer.PostAsync($"/api/agents/{AgentId}/containers/{reference}/{action}", null);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            }
        }
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/agents/{AgentId}/containers/{_mine.Container}")).StatusCode);
        Assert.NotEmpty(await SseLogReader.ReadAsync(viewer, $"/api/agents/{AgentId}/containers/{_mine.Container}/logs?tail=50", until: null));
    }

    [DockerFact]
    public async Task AgentViewer_SeesEveryContainerOnTheHost()
    {
        await SetUpAsync();
        var (viewer, userId) = await Manager.CreateUserClientAsync(Admin, "host-" + _suffix);
        await Admin.GrantAsync(userId, "viewer", "agent", AgentId);

        var listed = (await viewer.GetFromJsonAsync<List<ContainerSummary>>($"/api/agents/{AgentId}/containers?all=true"))!.Select(c => c.Name).ToList();

        Assert.Superset(new HashSet<string> { _mine.Container, _other.Container, _labelledOther, _unrelated }, listed.ToHashSet());
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/agents/{AgentId}/containers/{_unrelated}")).StatusCode);
    }

    [DockerFact]
    public async Task Console_ServerSecrets_RedactedInBacklogAndLiveLines_OrderKept()
    {
        await SetUpAsync();
        var (viewer, userId) = await Manager.CreateUserClientAsync(Admin, "reader-" + _suffix);
        await Admin.GrantAsync(userId, "viewer", "server", _mine.Id);
        string[] expected =
        [
            "command line: -cachedir=/z -servername mine -adminusername admin -adminpassword ***",
            "RCON: ID=1 Type=3 Body='***' Socket[addr=/127.0.0.1,port=40000,localport=27015]",
            "RCON: ID=2 Type=2 Body='adduser \"bob\" \"***\"' Socket[addr=/127.0.0.1,port=40000,localport=27015]",
            "command entered via server console (System.in): \"changeoption RCONPassword ***\"",
            "the password is *** (and *** for admin)",
            "done",
        ];

        foreach (var (client, path) in new[]
        {
            (viewer, $"/api/agents/{AgentId}/containers/{_mine.Container}/logs?tail=100"),
            (viewer, $"/api/agents/{AgentId}/containers/{_mine.Container}/logs?tail=100&follow=true"),
            (viewer, $"/api/servers/{_mine.Id}/logs?tail=100&follow=true"),
            (viewer, $"/api/servers/{_mine.Id}/logs?tail=100"),
            (Admin, $"/api/agents/{AgentId}/containers/{_mine.Container}/logs?tail=100"),
        })
        {
            var lines = await SseLogReader.ReadAsync(client, path, until: l => l.Text == "done");
            Assert.Equal(expected, lines.Where(l => l.Stream == LogStreams.Stdout).Select(l => l.Text));
        }
    }

    private async Task<(Guid, string, ServerSecrets)> ServerWithContainerAsync(string role)
    {
        var name = $"{role}-{_suffix}";
        var secrets = new ServerSecrets($"adm-{role}-{Guid.NewGuid():N}", $"rcon-{role}-{Guid.NewGuid():N}", null);
        var id = await Manager.AddServerRowAsync(AgentId, name, secrets);
        var container = ServerSpecs.ContainerName(name);
        var script = string.Join("; ",
            "echo 'command line: -cachedir=/z -servername mine -adminusername admin -adminpassword " + secrets.AdminPassword + "'",
            "echo \"RCON: ID=1 Type=3 Body='" + secrets.RconPassword + "' Socket[addr=/127.0.0.1,port=40000,localport=27015]\"",
            "echo \"RCON: ID=2 Type=2 Body='adduser \\\"bob\\\" \\\"hunter-two\\\"' Socket[addr=/127.0.0.1,port=40000,localport=27015]\"",
            "echo 'command entered via server console (System.in): \"changeoption RCONPassword fresh-secret\"'",
            "echo 'the password is " + secrets.RconPassword + " (and " + secrets.AdminPassword + " for admin)'",
            "echo done",
            "trap 'exit 0' TERM; while true; do sleep 0.1; done");
        await Docker.CreateAsync(["sh", "-c", script], name: container, extraLabels: new Dictionary<string, string> { ["zedops.server.id"] = id.ToString() });
        return (id, container, secrets);
    }

    /// <summary>Each container by name, by full id and by a 12-character id prefix.</summary>
    private async Task<List<string>> ReferencesAsync(params string[] names)
    {
        var references = new List<string>();
        foreach (var name in names)
        {
            var id = (await Admin.GetFromJsonAsync<ContainerSummary>($"/api/agents/{AgentId}/containers/{name}"))!.Id;
            references.AddRange([name, id, id[..12]]);
        }
        return references;
    }
}
