using System.Net.Http.Json;
using System.Text;
using ZedOps.Manager.Features.Servers;
using ZedOps.Manager.Tests.Features.Auth;
using ZedOps.Protocol.Containers;

namespace ZedOps.Manager.Tests.Probes;

/// <summary>
/// The leak probe of issue 10: two real pz-sim servers on one agent (pz-sim prints the admin password on its command
/// line and, like PZ, logs RCON packets). A viewer of the first tries every container and console route of the second
/// — by name, full id and id prefix, generated from the route table — then reads every console it can; all the text it
/// got back is searched for either server's passwords and for a password sent with <c>adduser</c>: zero hits.
/// </summary>
[Trait("Category", "Docker")]
public sealed class SecretLeakProbeTests : ManagerWithAgentTestBase
{
    private static readonly TimeSpan s_serverBound = TimeSpan.FromSeconds(90);
    private readonly List<string> _created = [];

    [DockerFact]
    public async Task ViewerOfOneServer_ProbesEveryRouteOfAnother_NoPasswordAnywhere()
    {
        var (mine, mineSecrets) = await CreateAsync();
        var (other, otherSecrets) = await CreateAsync();
        await WaitRunningAsync(mine.Id);
        await WaitRunningAsync(other.Id);
        var userPassword = "probe-user-" + Guid.NewGuid().ToString("N")[..12];
        foreach (var server in new[] { mine, other })
        {
            (await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/rcon", new { command = $"changeoption Password {userPassword}" })).EnsureSuccessStatusCode();
        }
        var (viewer, userId) = await Manager.CreateUserClientAsync(Admin, "probe-" + Guid.NewGuid().ToString("N")[..6]);
        await Admin.GrantAsync(userId, "viewer", "server", mine.Id);
        var otherContainer = ServerSpecs.ContainerName(other.Name);
        var otherId = (await Admin.GetFromJsonAsync<ContainerSummary>($"/api/agents/{AgentId}/containers/{otherContainer}"))!.Id;
        var read = new StringBuilder();
        var granted = new List<string>();

        var routes = ApiRouteTable.Routes(Manager).Where(r => r.Method == "GET"
            && (r.Pattern.Contains("{containerId}", StringComparison.Ordinal) || r.Pattern.EndsWith("/containers", StringComparison.Ordinal)
                || r.Pattern.StartsWith("/api/servers/{id", StringComparison.Ordinal))).ToList();
        foreach (var (_, pattern, _) in routes)
        {
            foreach (var reference in new[] { otherContainer, otherId, otherId[..12] })
            {
                foreach (var query in new[] { "", "?all=true", "?tail=5000", "?tail=5000&follow=false" })
                {
                    var url = ApiRouteTable.Concrete(pattern, new Dictionary<string, string>
                    {
                        ["id"] = other.Id.ToString(), ["agentId"] = AgentId.ToString(), ["containerId"] = reference,
                    }) + query;
                    using var response = await viewer.GetAsync(url);
                    read.AppendLine(await response.Content.ReadAsStringAsync());
                    if (response.IsSuccessStatusCode && !pattern.EndsWith("/containers", StringComparison.Ordinal))
                    {
                        granted.Add(url);
                    }
                }
            }
        }
        var own = await SseLogReader.ReadAsync(viewer, $"/api/servers/{mine.Id}/logs?tail=5000", until: null);
        own.AddRange(await SseLogReader.ReadAsync(viewer, $"/api/agents/{AgentId}/containers/{ServerSpecs.ContainerName(mine.Name)}/logs?tail=5000", until: null));
        own.AddRange(await SseLogReader.ReadAsync(viewer, $"/api/servers/{mine.Id}/logs?tail=5000&follow=true", until: l => l.Text.Contains("SERVER STARTED", StringComparison.Ordinal)));
        foreach (var line in own)
        {
            read.AppendLine(line.Text);
        }

        var text = read.ToString();
        var secrets = new[] { mineSecrets.Admin, mineSecrets.Rcon, otherSecrets.Admin, otherSecrets.Rcon, userPassword };
        Assert.Empty(granted);
        Assert.True(!secrets.Any(s => text.Contains(s, StringComparison.Ordinal)),
            "secret found in: " + string.Join(" | ", text.Split('\n').Where(l => secrets.Any(s => l.Contains(s, StringComparison.Ordinal)))));
        Assert.Contains(own, l => l.Text.Contains("-adminpassword ***", StringComparison.Ordinal));
        Assert.DoesNotContain(other.Name, string.Join('\n', own.Select(l => l.Text)), StringComparison.Ordinal);
    }

    private async Task<(ServerView View, (string Admin, string Rcon) Secrets)> CreateAsync()
    {
        var ports = FreePorts.ServerSet();
        var name = "p" + Guid.NewGuid().ToString("N")[..10];
        var secrets = ("adm-" + Guid.NewGuid().ToString("N")[..16], "rcon-" + Guid.NewGuid().ToString("N")[..16]);
        using var response = await Admin.PostAsJsonAsync($"/api/agents/{AgentId}/servers", new
        {
            name, profileId = "pz-sim", tag = await PzSimImage.EnsureAsync(), gamePort = ports.Game, udpPort = ports.Udp, rconPort = ports.Rcon,
            adminPassword = secrets.Item1, rconPassword = secrets.Item2,
            config = new { extraEnv = new Dictionary<string, string> { ["SIM_BOOT_DELAY_SECONDS"] = "1" } },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        _created.Add(name);
        return ((await response.Content.ReadFromJsonAsync<ServerView>())!, secrets);
    }

    private Task<ServerView> WaitRunningAsync(Guid id) => Eventually.ReturnsAsync(
        async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{id}"))!,
        v => v.Status == ServerStatuses.Running, "server running", s_serverBound);

    protected override async Task CleanupAsync()
    {
        foreach (var name in _created)
        {
            await Processes.RunAsync("docker", ["rm", "-f", ServerSpecs.ContainerName(name)]);
        }
    }
}
