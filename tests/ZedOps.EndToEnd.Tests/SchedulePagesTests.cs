using System.Net.Http.Json;
using Microsoft.Playwright;
using ZedOps.Manager.Features.Schedules;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

/// <summary>The server page's Schedules tab in Chromium: a bad cron is refused on its field as you type, a warned
/// restart with an edited ladder is created and its next run shown in its own zone, and all schedules paused.</summary>
[Trait("Category", "E2E")]
public sealed class SchedulePagesTests : ManagerTestBase
{
    [ChromiumFact]
    public async Task SchedulesTab_CreateWarnedRestart_SeeNextRun_BadCronNamed_Pause()
    {
        var agent = await Manager.RegisterAgentAsync(Admin);
        var serverId = await Manager.AddServerRowAsync(agent.AgentId, "sched" + Guid.NewGuid().ToString("N")[..6]);
        await using var browser = await BrowserSession.StartAsync(Manager.BaseAddress);
        await browser.LoginAsync();
        await browser.WaitInteractiveAsync();
        var page = browser.Page;
        await browser.OpenServerTabAsync(serverId, "Schedules");
        await Expect(page.GetByTestId("tasks-empty")).ToBeVisibleAsync();

        await page.GetByTestId("task-new").ClickAsync();
        var cron = Field(page, "task-cron", "input");
        await cron.FillAsync("61 * * * *");
        await Expect(page.GetByTestId("task-form")).ToContainTextAsync("is not a valid cron expression");
        await cron.FillAsync("0 4 * * *");
        await Field(page, "task-zone", "input").FillAsync("Europe/Berlin");
        await Field(page, "task-zone", "input").PressAsync("Tab");
        await Expect(page.GetByTestId("task-preview")).ToContainTextAsync("04:00 Europe/Berlin");
        await Field(page, "task-ladder", "textarea").FillAsync("10m Restart in ten minutes\n1m Restart in one minute");
        await page.GetByTestId("task-save").ClickAsync();

        await Expect(page.GetByTestId("task-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("task-action")).ToContainTextAsync("Warned restart (10m/1m)");
        await Expect(page.GetByTestId("task-next")).ToContainTextAsync("04:00 Europe/Berlin");
        var task = Assert.Single((await Admin.GetFromJsonAsync<ServerSchedulesView>($"/api/servers/{serverId}/schedules"))!.Schedules);
        Assert.Equal(("restart", "0 4 * * *", "Europe/Berlin"), (task.Action, task.Cron, task.TimeZone));
        Assert.Equal([(600, "Restart in ten minutes"), (60, "Restart in one minute")], task.Warnings.Select(w => (w.SecondsBefore, w.Message)));
        Assert.Equal(4, task.NextRunLocal!.Value.Hour);
        await Expect(page.GetByTestId("task-next")).ToContainTextAsync($"{task.NextRunAt:yyyy-MM-dd HH:mm} UTC");

        await Field(page, "schedules-paused", "input").ClickAsync();
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerSchedulesView>($"/api/servers/{serverId}/schedules"))!,
            v => v.Paused, "schedules paused", TimeSpan.FromSeconds(30));
        await Expect(page.GetByTestId("schedules-panel")).ToContainTextAsync("All schedules of this server are paused");
        await browser.ScreenshotAsync("server-schedules");
    }

    /// <summary>MudBlazor puts a field's attributes on the input itself or on its wrapper, depending on the component.</summary>
    private static ILocator Field(IPage page, string testId, string element) =>
        page.Locator($"{element}[data-testid={testId}], [data-testid={testId}] {element}").First;
}
