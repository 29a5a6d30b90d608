using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

/// <summary>The Backups tab's transfers in Chromium: upload an archive with the file picker, then restore a backup
/// into a new server through the dialog.</summary>
[Trait("Category", "E2E")]
public sealed class BackupTransferPagesTests : PzSimServerTestBase
{
    private readonly string _dir = Directory.CreateTempSubdirectory("zedops-e2e-upload-").FullName;

    [DockerChromiumFact]
    public async Task BackupsTab_UploadArchive_ShowsIt_RestoreIntoNewServer_NewServerRuns()
    {
        var server = await CreateRunningAsync(prefix: "e2e");
        using (var started = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/backups", new { reason = "manual" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }
        var backup = (await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{server.Id}/backups"))!,
            l => l.Backups.Count == 1, "backup taken", Bound)).Backups[0];
        var file = Path.Combine(_dir, $"{server.Name}-{backup.Id}.tar.zst");
        await File.WriteAllBytesAsync(file, await Admin.GetByteArrayAsync($"/api/servers/{server.Id}/backups/{backup.Id}/download"));

        await using var browser = await BrowserSession.StartAsync(Manager.BaseAddress);
        await browser.LoginAsync();
        var page = browser.Page;
        await browser.OpenServerTabAsync(server.Id, "Backups");
        await Expect(page.GetByTestId("backup-row")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("backup-download")).ToHaveAttributeAsync("href", $"/api/servers/{server.Id}/backups/{backup.Id}/download");

        await page.GetByTestId("backup-upload-input").SetInputFilesAsync(file);
        await Expect(page.GetByTestId("backup-row")).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("backups-table")).ToContainTextAsync("upload");
        await Expect(page.GetByText("uploaded and verified")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("backups-uploaded");

        var cloneName = "e2e" + Guid.NewGuid().ToString("N")[..8];
        Created.Add(cloneName);
        await page.GetByTestId("backup-clone").Last.ClickAsync();
        await page.GetByLabel("New server name").FillAsync(cloneName);
        await browser.ScreenshotAsync("backup-clone-dialog");
        await page.GetByTestId("clone-submit").ClickAsync();

        await Expect(page.GetByText(cloneName).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var clone = await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<List<ServerView>>("/api/servers"))!.FirstOrDefault(s => s.Name == cloneName),
            s => s is { Status: ServerStatuses.Running, Operation: null }, "the clone running", Bound);
        Assert.Equal(server.Name, clone!.Config.WorldName);
        Assert.EndsWith($"/servers/{clone.Id}", page.Url, StringComparison.Ordinal);
        await Expect(page.GetByTestId("action-stop")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("backups-table")).ToContainTextAsync("clone", new() { Timeout = 30_000 }); // the copy it was restored from
        await browser.ScreenshotAsync("backup-clone-running");
    }

    protected override async Task CleanupAsync()
    {
        await base.CleanupAsync();
        Directory.Delete(_dir, recursive: true);
    }
}
