using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Players;
using ZedOps.Manager.Features.Rcon;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Testing;

namespace ZedOps.Manager.Tests.Features.Rcon;

/// <summary>RCON console, players and quick actions through the API, the real agent, Docker and pz-sim.</summary>
[Trait("Category", "Docker")]
public sealed class RconApiTests : ManagerWithAgentTestBase
{
    private static readonly TimeSpan s_serverBound = TimeSpan.FromSeconds(90);
    private readonly List<string> _created = [];

    protected override ManagerHostOptions HostOptions => new()
    {
        ConfigureServices = s => s.Configure<PlayersOptions>(o => (o.PollInterval, o.Lease) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3))),
    };

    [DockerFact]
    public async Task Rcon_RunningServer_RepliesAndRefusalIsTypedError()
    {
        var server = await CreateRunningAsync();

        var reply = await RconAsync(Admin, server.Id, "servermsg \"hello all\"");
        using var unknown = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/rcon", new { command = "nosuchcommand now" });

        Assert.Equal("Message sent.", reply.Reply.Trim());
        Assert.Equal((HttpStatusCode)422, unknown.StatusCode);
        Assert.Equal(ErrorCodes.RconUnknownCommand, (await unknown.Content.ReadFromJsonAsync<ProblemDetails>())!.Type);
    }

    [DockerFact]
    public async Task Players_SimulatedJoinsAndLeaves_ListHistoryKickBanUnban()
    {
        var server = await CreateRunningAsync("alice,bob@1-4");

        await WaitPlayersAsync(server.Id, ["alice", "bob"]);
        await WaitPlayersAsync(server.Id, ["alice"]);
        var history = await Admin.GetFromJsonAsync<List<PlayerSessionView>>($"/api/servers/{server.Id}/players/history");
        Assert.Contains(history!, s => s.Player == "bob" && s.LeftAt is not null);
        Assert.Contains(history!, s => s.Player == "alice" && s.LeftAt is null);

        using (var kick = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/players/alice/kick", new { reason = "afk too long" }))
        {
            Assert.Equal(HttpStatusCode.OK, kick.StatusCode);
        }
        await WaitPlayersAsync(server.Id, []);
        Assert.Contains("now banned", (await PlayerActionAsync(server.Id, "alice", "ban")).Reply, StringComparison.Ordinal);
        Assert.Contains("un-banned", (await PlayerActionAsync(server.Id, "alice", "unban")).Reply, StringComparison.Ordinal);
        using var missing = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/players/nobody/kick", new { });
        Assert.Equal(ErrorCodes.RconUserNotFound, (await missing.Content.ReadFromJsonAsync<ProblemDetails>())!.Type);
    }

    [DockerFact]
    public async Task Rcon_TenConcurrentCommandsFromTwoUsers_AllCorrect_OneConnection()
    {
        var server = await CreateRunningAsync("alice");
        using var second = await LoginAsync("admin2", admin: true);
        // Readiness checks that RCON answers (one short-lived connection) and the player poll may already use the pool.
        var before = (await Processes.RunAsync("docker", ["logs", $"zedops-{server.Name}"])).Output.Split("RCON: new connection").Length - 1;

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            var client = i % 2 == 0 ? Admin : second;
            var command = i % 3 == 0 ? "players" : $"servermsg \"n{i}\"";
            return (command, (await RconAsync(client, server.Id, command)).Reply);
        }));

        Assert.All(results, r => Assert.StartsWith(r.command == "players" ? "Players connected" : "Message sent.", r.Reply, StringComparison.Ordinal));
        var log = (await Processes.RunAsync("docker", ["logs", $"zedops-{server.Name}"])).Output;
        // One pooled connection serves all ten: new at most once (none when the player poll had already opened it).
        Assert.InRange(log.Split("RCON: new connection").Length - 1 - before, 0, 1);
    }

    [DockerFact]
    public async Task Rcon_WhileBooting_RconUnavailable()
    {
        var server = await CreateAsync(null, bootSeconds: 120);
        await WaitStatusAsync(server.Id, ServerStatuses.Starting);

        using var response = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/rcon", new { command = "players" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Equal(ErrorCodes.RconUnavailable, problem.Type);
        Assert.Contains("booting", problem.Detail, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task Rcon_Viewer_Forbidden_ButSeesPlayers()
    {
        var server = await CreateRunningAsync();
        using var viewer = await LoginAsync("viewer1", admin: false);
        var me = await viewer.GetFromJsonAsync<ZedOps.Manager.Features.Auth.MeResponse>("/api/auth/me");
        (await Admin.PostAsJsonAsync($"/api/users/{me!.Id}/roles", new { role = "viewer", scopeType = "server", scopeId = server.Id })).EnsureSuccessStatusCode();

        using var rcon = await viewer.PostAsJsonAsync($"/api/servers/{server.Id}/rcon", new { command = "players" });
        using var kick = await viewer.PostAsJsonAsync($"/api/servers/{server.Id}/players/alice/kick", new { });
        using var players = await viewer.GetAsync($"/api/servers/{server.Id}/players");

        Assert.Equal(HttpStatusCode.Forbidden, rcon.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, kick.StatusCode);
        Assert.Equal(HttpStatusCode.OK, players.StatusCode);
    }

    [DockerFact]
    public async Task Countdown_Cancelled_ServerKeepsRunning_ThenACountdownStopsItGracefully()
    {
        var server = await CreateRunningAsync();

        using (var started = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/countdown", new { action = "stop", seconds = 600 }))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }
        using (var second = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/countdown", new { action = "restart", seconds = 60 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync($"/api/servers/{server.Id}/countdown")).StatusCode);
        (await Admin.DeleteAsync($"/api/servers/{server.Id}/countdown")).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await Admin.GetAsync($"/api/servers/{server.Id}/countdown")).StatusCode);
        Assert.Equal(ServerStatuses.Running, (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!.Status);

        (await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/countdown", new { action = "stop", seconds = 2 })).EnsureSuccessStatusCode();

        await WaitStatusAsync(server.Id, ServerStatuses.Stopped);
        var console = await Admin.GetStringAsync($"/api/servers/{server.Id}/logs?tail=500");
        Assert.Contains("shuts down in", console, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task BadInput_CountdownAndNonAsciiRcon_Return400()
    {
        var ports = FreePorts.ServerSet();
        using var created = await Admin.PostAsJsonAsync($"/api/agents/{AgentId}/servers",
            new { name = "t" + Guid.NewGuid().ToString("N")[..10], profileId = "pz-sim", tag = "no-such-tag", gamePort = ports.Game, udpPort = ports.Udp, rconPort = ports.Rcon });
        var server = (await created.Content.ReadFromJsonAsync<ServerView>())!;
        foreach (var (action, seconds) in new[] { ("explode", 10), ("stop", -1), ("stop", 99999) })
        {
            using var response = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/countdown", new { action, seconds });
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{action} {seconds}: {(int)response.StatusCode}");
        }
        using var accented = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/rcon", new { command = "servermsg \"Café ouvert\"" });
        Assert.Equal(HttpStatusCode.BadRequest, accented.StatusCode);
        Assert.Contains("non-ASCII", await accented.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task Rcon_SecretCommandVariants_AuditRowsHaveNoSecret()
    {
        var server = await CreateRunningAsync();
        (string Command, string Audited)[] cases =
        [
            ("adduser \"carol\" \"s3cret-pw\"", "adduser \"carol\" \"***\""),
            ("adduser- dave s3cret-pw", "adduser- dave ***"),
            ("changeoption- RCONPassword s3cret-pw", "changeoption- RCONPassword ***"),
        ];

        foreach (var (command, _) in cases)
        {
            using var response = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/rcon", new { command });
        }

        await using var scope = Manager.Services.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().AuditEvents.AsNoTracking()
            .Where(e => e.Action == RconConsole.AuditAction).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(cases.Length, rows.Count);
        Assert.All(rows, row => Assert.DoesNotContain("s3cret-pw", row.Details, StringComparison.Ordinal));
        Assert.All(rows.Zip(cases), pair => Assert.StartsWith(pair.Second.Audited, pair.First.Details, StringComparison.Ordinal));
        Assert.All(rows, row => Assert.Equal("admin", row.Actor));
    }

    [DockerFact]
    public async Task Players_B42BanOfUnknownPlayer_RefusedAlthoughPzAnswersBanned()
    {
        var server = await CreateRunningAsync("alice", build: "42");
        await WaitPlayersAsync(server.Id, ["alice"]);

        using var unknown = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/players/nobody/ban", new { });
        var problem = (await unknown.Content.ReadFromJsonAsync<ProblemDetails>())!;
        using var whitelistAdd = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/players/alice/whitelist-add", new { });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal(ErrorCodes.RconUserNotFound, problem.Type);
        Assert.Contains("never been seen", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, whitelistAdd.StatusCode);
        Assert.Equal("System banned user alice", (await PlayerActionAsync(server.Id, "alice", "ban")).Reply.Trim());
        await WaitPlayersAsync(server.Id, []);
    }

    [Fact]
    public void Catalog_AddUserNotAddUserToWhitelist_AsTheRealServer()
    {
        Assert.Contains(RconCatalog.All, c => c.Name == "adduser");
        Assert.DoesNotContain(RconCatalog.All, c => c.Name.Contains("towhitelist", StringComparison.Ordinal));
        Assert.DoesNotContain(RconCatalog.Complete("addu"), c => c.Name != "adduser");
        Assert.Null(PlayerCommands.Build("whitelist-add", "alice"));
    }

    private async Task<RconReply> RconAsync(HttpClient client, Guid id, string command)
    {
        using var response = await client.PostAsJsonAsync($"/api/servers/{id}/rcon", new { command });
        Assert.True(response.IsSuccessStatusCode, $"{command}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<RconReply>())!;
    }

    private async Task<RconReply> PlayerActionAsync(Guid id, string player, string action)
    {
        using var response = await Admin.PostAsJsonAsync($"/api/servers/{id}/players/{player}/{action}", new { });
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<RconReply>())!;
    }

    private Task<PlayersSnapshot> WaitPlayersAsync(Guid id, string[] names) => Eventually.ReturnsAsync(
        async () => (await Admin.GetFromJsonAsync<PlayersSnapshot>($"/api/servers/{id}/players"))!,
        p => p.Online.Select(o => o.Name).SequenceEqual(names), $"players [{string.Join(", ", names)}]");

    private async Task<HttpClient> LoginAsync(string name, bool admin)
    {
        await using (var scope = Manager.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ZedOpsUser>>();
            var user = new ZedOpsUser { UserName = name };
            Assert.True((await users.CreateAsync(user, "user-password-1")).Succeeded);
            if (admin)
            {
                Assert.True((await users.AddToRoleAsync(user, Roles.Admin)).Succeeded);
            }
        }
        var client = Manager.CreateAnonymousClient();
        (await client.PostAsJsonAsync("/api/auth/login", new { username = name, password = "user-password-1" })).EnsureSuccessStatusCode();
        return client;
    }

    private async Task<ServerView> CreateRunningAsync(string? players = null, string build = "41")
    {
        var server = await CreateAsync(players, build: build);
        await WaitStatusAsync(server.Id, ServerStatuses.Running);
        return server;
    }

    private async Task<ServerView> CreateAsync(string? players, int bootSeconds = 1, string build = "41")
    {
        var ports = FreePorts.ServerSet();
        var env = new Dictionary<string, string> { ["SIM_BOOT_DELAY_SECONDS"] = bootSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), ["PZ_BUILD"] = build };
        if (players is not null)
        {
            env["SIM_PLAYERS"] = players;
        }
        var name = "t" + Guid.NewGuid().ToString("N")[..10];
        using var response = await Admin.PostAsJsonAsync($"/api/agents/{AgentId}/servers", new
        {
            name, profileId = "pz-sim", tag = await PzSimImage.EnsureAsync(), gamePort = ports.Game, udpPort = ports.Udp, rconPort = ports.Rcon,
            config = new { extraEnv = env },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        _created.Add(name);
        return (await response.Content.ReadFromJsonAsync<ServerView>())!;
    }

    private Task<ServerView> WaitStatusAsync(Guid id, string status) => Eventually.ReturnsAsync(
        async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{id}"))!,
        v => v.Status == status, $"server status {status}", s_serverBound);

    protected override async Task CleanupAsync()
    {
        foreach (var name in _created)
        {
            await Processes.RunAsync("docker", ["rm", "-f", $"zedops-{name}"]);
        }
    }
}
