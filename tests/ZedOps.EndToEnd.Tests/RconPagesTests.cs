using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ZedOps.Manager.Features.Players;
using ZedOps.Manager.Features.Servers;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

/// <summary>The RCON terminal and the Players tab in Chromium against pz-sim.</summary>
[Trait("Category", "E2E")]
public sealed class RconPagesTests : ManagerWithAgentTestBase
{
    private readonly List<string> _created = [];

    protected override ManagerHostOptions HostOptions => new()
    {
        ConfigureServices = s => s.Configure<PlayersOptions>(o => (o.PollInterval, o.Lease) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3))),
    };

    protected override async Task CleanupAsync()
    {
        foreach (var name in _created)
        {
            await Processes.RunAsync("docker", ["rm", "-f", $"zedops-{name}"]);
        }
    }

    [DockerChromiumFact]
    public async Task Terminal_TypeCommand_SeesReply_HistoryWithArrowUp()
    {
        var server = await CreateRunningAsync("alice");
        await using var browser = await OpenServerAsync(server.Id);
        await browser.Page.GetByRole(AriaRole.Tab, new() { Name = "RCON" }).ClickAsync();

        var input = browser.Page.GetByTestId("rcon-input");
        await input.FillAsync("pla");
        await Expect(browser.Page.GetByTestId("rcon-suggestions")).ToContainTextAsync("players");
        await input.FillAsync("players");
        await input.PressAsync("Enter");
        await Expect(browser.Page.GetByTestId("rcon-output")).ToContainTextAsync("-alice");
        await input.FillAsync("nosuchcommand");
        await input.PressAsync("Enter");
        await Expect(browser.Page.GetByTestId("rcon-output")).ToContainTextAsync("rcon_unknown_command");
        await input.PressAsync("ArrowUp");
        await Expect(input).ToHaveValueAsync("nosuchcommand");
        await input.PressAsync("ArrowUp");
        await Expect(input).ToHaveValueAsync("players");
        await browser.ScreenshotAsync("rcon-terminal");
    }

    [DockerChromiumFact]
    public async Task PlayersTab_KickPlayer_LeavesTheList()
    {
        var server = await CreateRunningAsync("alice,bob");
        await using var browser = await OpenServerAsync(server.Id);
        await browser.Page.GetByRole(AriaRole.Tab, new() { Name = "Players" }).ClickAsync();

        var bob = browser.Page.Locator("[data-testid=player-row][data-player=bob]");
        await Expect(bob).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await browser.ScreenshotAsync("players-tab");
        await bob.GetByTestId("player-kick").ClickAsync();
        await bob.GetByTestId("player-reason").FillAsync("testing kicks");
        await bob.GetByTestId("player-confirm").ClickAsync();

        await Expect(bob).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(browser.Page.Locator("[data-testid=player-row][data-player=alice]")).ToBeVisibleAsync();
        await Expect(browser.Page.GetByTestId("players-count")).ToHaveTextAsync("Online: 1");
    }

    [DockerChromiumFact]
    public async Task PlayersTab_B42PlayerJoins_ShowsFromThePlayersPoll()
    {
        // B42 prints no user name on join: only the agent's players poll can put alice in the list.
        var server = await CreateRunningAsync("alice@2", build: "42");
        await using var browser = await OpenServerAsync(server.Id);
        await browser.Page.GetByRole(AriaRole.Tab, new() { Name = "Players" }).ClickAsync();

        await Expect(browser.Page.Locator("[data-testid=player-row][data-player=alice]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(browser.Page.GetByTestId("players-count")).ToHaveTextAsync("Online: 1");
        await Expect(browser.Page.GetByTestId("players-rcon-off")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("players-tab-b42");
    }

    [DockerChromiumFact]
    public async Task BackupsTab_BackUpNow_NewEntryWithProgress_ThenRestoreIt()
    {
        var server = await CreateRunningAsync("alice");
        await using var browser = await OpenServerAsync(server.Id);
        await browser.Page.GetByRole(AriaRole.Tab, new() { Name = "Backups" }).ClickAsync();
        await Expect(browser.Page.GetByTestId("backups-empty")).ToBeVisibleAsync();

        await browser.Page.GetByTestId("backup-now").ClickAsync();

        await Expect(browser.Page.GetByTestId("backup-row")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await browser.ScreenshotAsync("backups-tab");
        await browser.Page.GetByTestId("backup-restore").ClickAsync();
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();

        // The restore takes a pre-restore backup first, then the server comes back up on the restored world.
        await Expect(browser.Page.GetByTestId("backup-row")).ToHaveCountAsync(2, new() { Timeout = 90_000 });
        await Expect(browser.Page.GetByTestId("server-status")).ToHaveTextAsync("running", new() { Timeout = 90_000 });
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Running && v.Operation is null, "restore finished", TimeSpan.FromSeconds(90));
        await browser.ScreenshotAsync("backups-tab-restored");
    }

    private async Task<BrowserSession> OpenServerAsync(Guid id)
    {
        var browser = await BrowserSession.StartAsync(Manager.BaseAddress);
        await browser.LoginAsync();
        await browser.WaitInteractiveAsync();
        await browser.Page.GotoAsync($"/servers/{id}");
        await browser.WaitInteractiveAsync();
        await Expect(browser.Page.GetByTestId("server-status")).ToHaveTextAsync("running", new() { Timeout = 60_000 });
        return browser;
    }

    private async Task<ServerView> CreateRunningAsync(string players, string build = "41")
    {
        var ports = FreePorts.ServerSet();
        var name = "e2e" + Guid.NewGuid().ToString("N")[..8];
        using var response = await Admin.PostAsJsonAsync($"/api/agents/{AgentId}/servers", new
        {
            name, profileId = "pz-sim", tag = await PzSimImage.EnsureAsync(), gamePort = ports.Game, udpPort = ports.Udp, rconPort = ports.Rcon,
            config = new { extraEnv = new Dictionary<string, string> { ["SIM_PLAYERS"] = players, ["SIM_BOOT_DELAY_SECONDS"] = "1", ["PZ_BUILD"] = build } },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        _created.Add(name);
        var server = (await response.Content.ReadFromJsonAsync<ServerView>())!;
        return await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Running, "server running", TimeSpan.FromSeconds(90));
    }
}
