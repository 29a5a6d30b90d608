using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

/// <summary>The admin's Backup targets page against a real sshd, and the Backups tab showing where a backup is.</summary>
[Trait("Category", "E2E")]
public sealed class BackupTargetPagesTests : ManagerWithAgentTestBase
{
    [DockerChromiumSftpFact]
    public async Task TargetsPage_AddSftpTarget_TestPasses_BackupsTabShowsCopy()
    {
        await using var sftp = await SftpServer.StartAsync();
        await using var browser = await BrowserSession.StartAsync(Manager.BaseAddress);
        await browser.LoginAsync();
        await browser.WaitInteractiveAsync();
        await browser.Page.GetByTestId("nav-backup-targets").ClickAsync();
        await browser.WaitInteractiveAsync();

        var page = browser.Page;
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("offsite");
        await page.GetByLabel("Host", new() { Exact = true }).FillAsync("127.0.0.1");
        await page.GetByLabel("Port", new() { Exact = true }).FillAsync(sftp.Port.ToString());
        await page.GetByLabel("User", new() { Exact = true }).FillAsync(SftpServer.User);
        await page.GetByLabel("Remote directory").FillAsync(sftp.RemoteDir);
        await page.GetByLabel("Host key fingerprint (SHA256:…)").FillAsync(sftp.HostKeyFingerprint);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(sftp.Password);
        await page.GetByTestId("target-save").ClickAsync();
        await Expect(page.GetByTestId("targets-table")).ToContainTextAsync("password set, key not set");
        await Expect(page.GetByTestId("targets-table")).Not.ToContainTextAsync(sftp.Password);

        await page.GetByTestId("target-test-offsite").ClickAsync();
        await Expect(page.GetByTestId("target-test-result")).ToContainTextAsync("Test passed", new() { Timeout = 30_000 });
        await browser.ScreenshotAsync("backup-targets");

        var server = await CreateRunningPzSimAsync();
        using (var started = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/backups", new { reason = "manual" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{server.Id}/backups"))!,
            l => l.Backups.Count == 1 && l.Backups[0].Locations!.Any(p => p.Name == "offsite" && p.State == "copied"), "backup copied", TimeSpan.FromSeconds(90));
        await browser.OpenServerTabAsync(server.Id, "Backups");
        await Expect(page.GetByTestId("backup-location")).ToHaveCountAsync(2);
        await Expect(page.GetByTestId("backup-location").Nth(1)).ToContainTextAsync("offsite");
        await browser.ScreenshotAsync("backups-tab-locations");
    }
}
