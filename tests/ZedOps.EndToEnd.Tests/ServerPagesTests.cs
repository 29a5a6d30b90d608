using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

[Trait("Category", "E2E")]
public sealed partial class ServerPagesTests : ManagerWithAgentTestBase
{
    private readonly List<string> _created = [];

    protected override string? AgentName => "home-pc";

    protected override async Task CleanupAsync()
    {
        foreach (var name in _created)
        {
            await Processes.RunAsync("docker", ["rm", "-f", $"zedops-{name}"]);
        }
    }

    [DockerChromiumFact]
    public async Task CreateThroughTheForm_Running_ConsoleStopDeleteRestore()
    {
        var tag = await PzSimImage.EnsureAsync();
        var name = "e2e" + Guid.NewGuid().ToString("N")[..8];
        _created.Add(name);
        var ports = FreePorts.ServerSet();
        await using var browser = await BrowserSession.StartAsync(Manager.BaseAddress);
        await browser.LoginAsync();
        await browser.WaitInteractiveAsync();
        await browser.Page.GetByTestId("nav-servers").ClickAsync();
        await browser.Page.GetByTestId("new-server").ClickAsync();
        await browser.Page.WaitForURLAsync("**/servers/new");
        await browser.WaitInteractiveAsync();
        await Expect(browser.Page.GetByTestId("ports-free")).ToBeVisibleAsync();

        var nameField = browser.Page.GetByLabel("Server name");
        await nameField.FillAsync("Bad Name!");
        await nameField.BlurAsync();
        await Expect(browser.Page.GetByText("is invalid")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("create-server-invalid-name");

        await nameField.FillAsync(name);
        await browser.Page.GetByLabel("Image tag").FillAsync(tag);
        // The game port sets the direct-connect port to game + 1 on the server side; typing into that field
        // while the server's re-render is in flight races it, so the test waits for the form's own value.
        await FillNumberAsync(browser.Page.GetByLabel("Game port (UDP)"), ports.Game);
        await Expect(browser.Page.GetByLabel("Direct-connect port (UDP)")).ToHaveValueAsync(ports.Udp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await FillNumberAsync(browser.Page.GetByLabel("RCON port (TCP, 127.0.0.1 only)"), ports.Rcon);
        await Expect(browser.Page.GetByLabel("RCON port (TCP, 127.0.0.1 only)")).ToHaveValueAsync(ports.Rcon.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(browser.Page.GetByTestId("ports-free")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("create-server-form");
        await browser.Page.GetByTestId("create-submit").ClickAsync();

        await browser.Page.WaitForURLAsync(ServerUrl());
        await browser.WaitInteractiveAsync();
        var status = browser.Page.GetByTestId("server-status");
        await Expect(status).ToHaveTextAsync("running", new() { Timeout = 60_000 });
        await browser.ScreenshotAsync("server-running");
        var serverPage = browser.Page.Url;
        await browser.Page.GotoAsync("/");
        await browser.WaitInteractiveAsync();
        await Expect(browser.Page.GetByTestId("dash-servers")).ToHaveTextAsync("1 / 1");
        await browser.ScreenshotAsync("dashboard");
        await browser.Page.GotoAsync(serverPage);
        await browser.WaitInteractiveAsync();

        await browser.Page.GetByRole(AriaRole.Tab, new() { Name = "Console" }).ClickAsync();
        await Expect(browser.Page.GetByTestId("console-lines")).ToContainTextAsync("*** SERVER STARTED ***");
        await browser.ScreenshotAsync("server-console");

        await browser.Page.GetByTestId("action-stop").ClickAsync();
        await browser.Page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(status).ToHaveTextAsync("stopped", new() { Timeout = 60_000 });

        await browser.Page.GetByTestId("action-delete").ClickAsync();
        await browser.Page.Locator(".mud-dialog").GetByLabel($"Type {name} to confirm").FillAsync(name);
        await browser.Page.GetByTestId("confirm-submit").ClickAsync();
        await Expect(status).ToHaveTextAsync("deleted", new() { Timeout = 60_000 });
        await browser.ScreenshotAsync("server-deleted");

        await browser.Page.GetByTestId("action-restore").ClickAsync();
        await Expect(status).ToHaveTextAsync("stopped", new() { Timeout = 60_000 });

        await browser.Page.GotoAsync("/servers");
        await browser.WaitInteractiveAsync();
        await Expect(browser.Page.GetByTestId($"server-status-{name}")).ToHaveTextAsync("stopped");
        await browser.ScreenshotAsync("servers-list");
    }

    private static async Task FillNumberAsync(ILocator field, int value)
    {
        await field.FillAsync(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await field.BlurAsync();
    }

    [GeneratedRegex(@"/servers/[0-9a-f-]{36}$")]
    private static partial Regex ServerUrl();
}
