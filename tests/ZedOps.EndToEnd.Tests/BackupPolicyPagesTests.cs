using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using ZedOps.Manager.Features.Backups.Policy;
using ZedOps.Manager.Features.Servers;
using ZedOps.Manager.Features.Users;
using ZedOps.Protocol.Backups;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

/// <summary>The Backups tab's "Schedule &amp; retention" panel and the lock toggle, in Chromium against a running pz-sim.</summary>
[Trait("Category", "E2E")]
public sealed class BackupPolicyPagesTests : ManagerWithAgentTestBase
{
    private readonly List<string> _created = [];

    [DockerChromiumFact]
    public async Task BackupsTab_AddScheduleSetRetentionLockBackup_ViewerSeesNoControls()
    {
        var server = await CreateRunningAsync();
        using (var started = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/backups", new { reason = "manual" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{server.Id}/backups"))!,
            l => l.Backups.Count == 1, "one backup", TimeSpan.FromSeconds(90));
        await using var browser = await BrowserSession.StartAsync(Manager.BaseAddress);
        await browser.LoginAsync();
        await browser.WaitInteractiveAsync();
        var page = browser.Page;
        await browser.OpenServerTabAsync(server.Id, "Backups");
        await Expect(page.GetByTestId("schedules-empty")).ToBeVisibleAsync();

        await page.GetByLabel("Cron expression").FillAsync("30 3 * * 1");
        await page.GetByLabel("Time zone").FillAsync("Europe/Berlin");
        await page.GetByTestId("schedule-mode").ClickAsync();
        await page.GetByText("stop, back up, start").ClickAsync();
        await page.GetByTestId("schedule-save").ClickAsync();
        await Expect(page.GetByTestId("schedule-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("schedule-row")).ToContainTextAsync("30 3 * * 1");
        await Expect(page.GetByTestId("schedule-row")).ToContainTextAsync("03:30 Europe/Berlin");

        await page.GetByLabel("Keep last").FillAsync("3");
        await page.GetByLabel("Keep weekly").FillAsync("4");
        await page.GetByTestId("retention-save").ClickAsync();
        await Expect(page.GetByTestId("retention-summary")).ToContainTextAsync("keep last 3, daily 0, weekly 4");

        await page.GetByTestId("backup-lock").ClickAsync();
        await Expect(page.GetByLabel("Unlock backup")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("backup-schedule-retention");

        var schedule = Assert.Single((await Admin.GetFromJsonAsync<List<ScheduleView>>($"/api/servers/{server.Id}/backups/schedules"))!);
        Assert.Equal(("30 3 * * 1", "Europe/Berlin", "stop-backup-start", true), (schedule.Cron, schedule.TimeZone, schedule.Mode, schedule.Enabled));
        var policy = (await Admin.GetFromJsonAsync<BackupPolicyEndpoints.PolicyView>($"/api/servers/{server.Id}/backups/policy"))!;
        Assert.Equal((3, 0, 4), (policy.KeepLast, policy.KeepDaily, policy.KeepWeekly));
        Assert.True(Assert.Single((await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{server.Id}/backups"))!.Backups).Locked);

        // A viewer sees the schedule, the retention and the lock, with no control to change them.
        var name = "vera-" + Guid.NewGuid().ToString("N")[..8];
        var created = (await (await Admin.PostAsJsonAsync("/api/users", new { username = name })).Content.ReadFromJsonAsync<CreatedUser>())!;
        await Admin.GrantAsync(created.User.Id, "viewer", "server", server.Id);
        await using var viewer = await BrowserSession.StartAsync(Manager.BaseAddress);
        await viewer.LoginAsync(name, created.GeneratedPassword!);
        await viewer.Page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        await viewer.OpenServerTabAsync(server.Id, "Backups");
        await Expect(viewer.Page.GetByTestId("schedule-row")).ToContainTextAsync("30 3 * * 1");
        await Expect(viewer.Page.GetByTestId("backup-locked")).ToBeVisibleAsync();
        await Expect(viewer.Page.GetByTestId("retention-summary")).ToContainTextAsync("keep last 3, daily 0, weekly 4");
        foreach (var control in new[] { "schedule-save", "retention-save", "backup-lock", "backup-now" })
        {
            await Expect(viewer.Page.GetByTestId(control)).ToHaveCountAsync(0);
        }
    }

    private Task<ServerView> CreateRunningAsync() => PzSimServers.CreateRunningAsync(Admin, AgentId, "e2e", _created, TimeSpan.FromSeconds(90));

    protected override Task CleanupAsync() => PzSimServers.RemoveAsync(_created);
}
