using System.Net.Http.Json;
using Microsoft.Playwright;
using ZedOps.Manager.Features.AgentDownloads;
using ZedOps.Manager.Features.Agents;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

/// <summary>What an admin sees: the Add-agent dialog's one-line install, then a rebuilt agent build shown as an
/// update for the installed native agent, applied from the Agents page.</summary>
[Trait("Category", "E2E")]
public sealed class AgentUpdatePageTests : IAsyncLifetime
{
    private readonly string _builds = AgentBuilds.NewRoot();
    private ManagerHost _manager = default!;
    private InstalledAgent? _agent;

    public async Task InitializeAsync() => _manager = await ManagerHost.StartAsync(new ManagerHostOptions
    {
        HeartbeatInterval = TimeSpan.FromMilliseconds(500),
        Settings = new Dictionary<string, string> { ["ZedOps:AgentBinariesPath"] = _builds },
    });

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }
        await _manager.DisposeAsync();
        _manager.DeleteData();
        Directory.Delete(_builds, recursive: true);
    }

    [NativeAgentFact(Chromium = true)]
    public async Task AddAgentOneLiner_InstallsAgent_ThenUpdateFromAgentsPage()
    {
        var release = AgentBuilds.Copy(AgentBuilds.Native!, _builds);
        await using var browser = await BrowserSession.StartAsync(_manager.BaseAddress);
        await browser.LoginAsync();
        await browser.Page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        await browser.Page.GotoAsync("/agents");
        await browser.WaitInteractiveAsync();

        await browser.Page.GetByTestId("add-agent").ClickAsync();
        await browser.Page.GetByLabel("Agent name").FillAsync("carol-pc");
        await browser.Page.GetByTestId("create-token").ClickAsync();
        var command = browser.Page.GetByTestId("agent-command");
        await Expect(command).ToContainTextAsync($"curl -fsSL {_manager.BaseAddress}install.sh | sudo sh -s -- --token zreg_");
        await browser.ScreenshotAsync("add-agent-one-liner");
        var token = System.Text.RegularExpressions.Regex.Match(await command.InnerTextAsync(), "zreg_[A-Za-z0-9_-]+").Value;
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        _agent = await InstalledAgent.InstallAsync(_manager.BaseAddress, token, "carol-pc");
        _agent.Start();
        await Expect(browser.Page.GetByTestId("status-carol-pc")).ToHaveTextAsync("online");
        await Expect(browser.Page.GetByTestId("update-carol-pc")).ToHaveCountAsync(0);

        AgentBuilds.Copy(AgentBuilds.Native!, _builds, trailer: "rebuilt-ui"u8.ToArray());
        var rebuilt = AgentBuilds.Sha256(Path.Combine(release, "zedops-agent"));
        await Expect(browser.Page.GetByTestId("update-carol-pc")).ToHaveTextAsync("update available");
        await Expect(browser.Page.GetByTestId("update-outdated")).ToHaveTextAsync("Update 1 outdated");
        await browser.ScreenshotAsync("agents-update-available");

        await browser.Page.GetByTestId("update-agent-carol-pc").ClickAsync();

        await Expect(browser.Page.GetByText("carol-pc: back online running")).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Expect(browser.Page.GetByTestId("update-carol-pc")).ToHaveCountAsync(0);
        await Expect(browser.Page.GetByTestId("status-carol-pc")).ToHaveTextAsync("online");
        await browser.ScreenshotAsync("agents-updated");
        using var admin = await _manager.CreateAdminClientAsync();
        var agent = (await admin.GetFromJsonAsync<List<AgentView>>("/api/agents"))!.Single();
        Assert.Equal((rebuilt, UpdateStates.Current), (agent.Update.RunningSha256, agent.Update.State));
    }
}
