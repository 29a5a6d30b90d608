using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

[Trait("Category", "E2E")]
public sealed partial class AgentsPageTests : IAsyncLifetime
{
    private ManagerHost _manager = default!;

    public async Task InitializeAsync() => _manager = await ManagerHost.StartAsync(new ManagerHostOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(500) });

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        _manager.DeleteData();
    }

    [ChromiumFact]
    public async Task Login_ThenAgentsPage_ShowsAgentStateLiveWithoutReload()
    {
        using var admin = await _manager.CreateAdminClientAsync();
        var agent = AgentProcess.Start(_manager.BaseAddress, await _manager.CreateRegistrationTokenAsync(admin), "alice-pc");
        await using var browser = await BrowserSession.StartAsync(_manager.BaseAddress);

        await browser.LoginAsync();
        await browser.Page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        await browser.Page.GotoAsync("/agents");
        await browser.WaitInteractiveAsync();
        var status = browser.Page.GetByTestId("status-alice-pc");
        await Expect(status).ToHaveTextAsync("online");
        await Expect(browser.Page.GetByTestId("agents-table")).ToContainTextAsync(Environment.MachineName);
        await Expect(browser.Page.GetByTestId("agents-table")).ToContainTextAsync("%"); // metrics from heartbeats
        await browser.ScreenshotAsync("agents-online");

        await agent.DisposeAsync();

        await Expect(status).ToHaveTextAsync("offline");
        await browser.ScreenshotAsync("agents-offline");
    }

    [ChromiumFact]
    public async Task AddAgentDialog_ShowsCommandWhoseTokenRegistersAnAgent()
    {
        await using var browser = await BrowserSession.StartAsync(_manager.BaseAddress);
        await browser.LoginAsync();
        await browser.Page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        await browser.Page.GotoAsync("/agents");
        await browser.WaitInteractiveAsync();

        await browser.Page.GetByTestId("add-agent").ClickAsync();
        await browser.Page.GetByLabel("Agent name").FillAsync("bob-box");
        await browser.Page.GetByTestId("create-token").ClickAsync();
        var command = browser.Page.GetByTestId("agent-command");
        await Expect(command).ToContainTextAsync("--name bob-box");
        await Expect(browser.Page.GetByTestId("token-expiry")).ToContainTextAsync("UTC");
        await browser.ScreenshotAsync("add-agent-dialog");
        var token = TokenPattern().Match(await command.InnerTextAsync()).Value;
        Assert.StartsWith("zreg_", token, StringComparison.Ordinal);

        await using var agent = AgentProcess.Start(_manager.BaseAddress, token, "bob-box");
        await browser.Page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

        await Expect(browser.Page.GetByTestId("status-bob-box")).ToHaveTextAsync("online");
    }

    [ChromiumFact]
    public async Task Login_WrongPassword_ShowsErrorOnTheForm()
    {
        await using var browser = await BrowserSession.StartAsync(_manager.BaseAddress);
        await browser.LoginAsync(password: "definitely-wrong");
        await Expect(browser.Page.GetByTestId("login-error")).ToHaveTextAsync("Wrong username or password.");
        await browser.ScreenshotAsync("login-error");
    }

    [GeneratedRegex(@"zreg_[A-Za-z0-9_-]+")]
    private static partial Regex TokenPattern();
}
