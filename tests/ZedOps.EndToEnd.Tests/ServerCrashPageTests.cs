using System.Net.Http.Json;
using ZedOps.Manager.Features.Servers;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

/// <summary>The server page after a crash loop (pz-sim crashed through its test hook): the banner with Start, the last
/// crash with its console lines, and the crash settings in the editor.</summary>
[Trait("Category", "E2E")]
public sealed class ServerCrashPageTests : ManagerWithAgentTestBase
{
    [DockerChromiumFact]
    public async Task CrashLoop_BannerAndLastCrashShown_StartFromBannerRunsAgain()
    {
        var server = await CreateRunningPzSimAsync();
        using (var saved = await Admin.PutAsJsonAsync($"/api/servers/{server.Id}/config", new UpdateServerRequest(server.Config with
        {
            ExtraEnv = null,
            CrashRestart = new CrashRestartSettings { MaxCrashes = 2, WindowMinutes = 10, BackoffSeconds = [1] },
        }, null, null, null, null, null)))
        {
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        }
        await using var browser = await BrowserSession.StartAsync(Manager.BaseAddress);
        await browser.LoginAsync();
        await browser.Page.GotoAsync($"/servers/{server.Id}");
        await browser.WaitInteractiveAsync();

        var flag = Path.Combine(server.DataPath, "pz-sim-crash");
        await File.WriteAllTextAsync(flag, "always");
        await Expect(browser.Page.GetByTestId("server-status")).ToHaveTextAsync("failed", new() { Timeout = 90_000 });
        await Expect(browser.Page.GetByTestId("crash-loop-banner")).ToContainTextAsync("crashed 2 times");
        await Expect(browser.Page.GetByTestId("last-crash-exit")).ToHaveTextAsync("1");
        await Expect(browser.Page.GetByTestId("last-crash-lines")).ToContainTextAsync("pz-sim crash hook");
        await browser.ScreenshotAsync("server-crash-loop");

        File.Delete(flag);
        await browser.Page.GetByTestId("crash-loop-start").ClickAsync();
        await Expect(browser.Page.GetByTestId("server-status")).ToHaveTextAsync("running", new() { Timeout = 90_000 });
        await Expect(browser.Page.GetByTestId("crash-loop-banner")).ToHaveCountAsync(0);

        await browser.Page.GetByRole(Microsoft.Playwright.AriaRole.Tab, new() { Name = "Configuration" }).ClickAsync();
        await Expect(browser.Page.GetByLabel("Backoff (s)")).ToHaveValueAsync("1");
        await browser.ScreenshotAsync("server-crash-settings");
    }
}
