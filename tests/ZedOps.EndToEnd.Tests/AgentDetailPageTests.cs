using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

[Trait("Category", "E2E")]
public sealed class AgentDetailPageTests : ManagerWithAgentTestBase
{
    protected override string? AgentName => "game-box";

    [DockerChromiumFact]
    public async Task AgentPage_ConsoleShowsLinesAndStopUpdatesStateLive()
    {
        var name = await Docker.CreateAsync(["sh", "-c", "i=1; while [ $i -le 300 ]; do echo hello $i; i=$((i+1)); done; echo oops >&2; trap 'exit 0' TERM; while true; do sleep 0.1; done"]);
        await using var browser = await BrowserSession.StartAsync(Manager.BaseAddress);
        await browser.LoginAsync();
        await browser.Page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        await browser.Page.GotoAsync("/agents");
        await browser.WaitInteractiveAsync();

        await browser.Page.GetByTestId("agent-link-game-box").ClickAsync();
        await browser.WaitInteractiveAsync();
        await Expect(browser.Page.GetByTestId($"state-{name}")).ToHaveTextAsync("running");
        await browser.Page.GetByTestId($"console-{name}").ClickAsync();
        var console = browser.Page.GetByTestId("console-lines");
        await Expect(browser.Page.GetByTestId("console-count")).ToHaveTextAsync("301 lines");
        await Expect(console).ToContainTextAsync("hello 300");
        await browser.ScreenshotAsync("agent-console");

        // Docker keeps order within a stream, not across stdout and stderr: find the stderr line by filtering.
        var filter = browser.Page.GetByPlaceholder("Filter");
        await filter.FillAsync("oops");
        await Expect(console.Locator(".console-stderr")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("oops"));
        await filter.FillAsync("hello 29");
        await Expect(console).Not.ToContainTextAsync("oops");
        await Expect(console).ToContainTextAsync("hello 299");

        await browser.Page.GetByTestId($"stop-{name}").ClickAsync();
        await browser.Page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();
        await Expect(browser.Page.GetByTestId($"state-{name}")).ToHaveTextAsync("exited");
        await filter.FillAsync("");
        await Expect(console).ToContainTextAsync("container stopped");
        await browser.ScreenshotAsync("agent-container-stopped");
    }
}
