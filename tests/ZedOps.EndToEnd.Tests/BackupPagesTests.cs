using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ZedOps.Manager.Features.Backups;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;
using static Microsoft.Playwright.Assertions;

namespace ZedOps.EndToEnd.Tests;

/// <summary>The Backups tab as an operator uses it: back up now with the copy's progress showing, the new entry in the
/// list, then restore it and see the old world back.</summary>
[Trait("Category", "E2E")]
public sealed partial class BackupPagesTests : ManagerWithAgentTestBase
{
    [DockerChromiumFact]
    public async Task BackUpNow_ShowsProgressAndTheNewEntry_ThenRestoreIt_OldWorldBack()
    {
        var server = await CreateRunningPzSimAsync();
        var world = Path.Combine(server.DataPath, "Saves", "Multiplayer", server.Name);
        // A world of many small files, so the copy lasts long enough to be watched (about 96 MB in 3,000 chunks).
        var chunks = Path.Combine(world, "map");
        Directory.CreateDirectory(chunks);
        var buffer = new byte[32 * 1024];
        for (var i = 0; i < 3_000; i++)
        {
            Random.Shared.NextBytes(buffer);
            await File.WriteAllBytesAsync(Path.Combine(chunks, $"map_{i / 100}_{i % 100}.bin"), buffer);
        }
        await using var browser = await BrowserSession.StartAsync(Manager.BaseAddress);
        await browser.LoginAsync();
        var page = browser.Page;
        await browser.OpenServerTabAsync(server.Id, "Backups");
        await Expect(page.GetByTestId("backups-empty")).ToBeVisibleAsync();

        await page.GetByTestId("backup-now").ClickAsync();
        await Expect(page.GetByTestId("backup-progress-text")).ToHaveTextAsync(CopyingFigures(), new() { Timeout = 60_000 });
        await browser.ScreenshotAsync("backup-progress");
        await Expect(page.GetByTestId("backup-row")).ToHaveCountAsync(1, new() { Timeout = 120_000 });
        await Expect(page.GetByTestId("backup-progress")).ToHaveCountAsync(0);
        var progress = await Admin.GetFromJsonAsync<BackupsEndpoints.BackupProgressView>($"/api/servers/{server.Id}/backups/progress");
        Assert.Null(progress!.Operation);
        var backup = Assert.Single((await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{server.Id}/backups"))!.Backups);
        Assert.True(backup.Consistent, backup.ConsistencyNote);
        Assert.True(backup.Files > 3_000, $"{backup.Files} files");
        await browser.ScreenshotAsync("backups-tab-new-entry");

        var marker = Path.Combine(world, "after-backup.txt");
        await File.WriteAllTextAsync(marker, "the world changed after the backup");
        await page.GetByTestId("backup-restore").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("backup-progress")).ToBeVisibleAsync();
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Running && v.Operation is null && !File.Exists(marker), "server running on the restored world", TimeSpan.FromSeconds(180));
        Assert.Equal(3_000, Directory.GetFiles(chunks).Length);
        // The restore took a pre-restore backup of the changed world first: two rows now.
        await Expect(page.GetByTestId("backup-row")).ToHaveCountAsync(2, new() { Timeout = 30_000 });
        await browser.ScreenshotAsync("backups-tab-restored");
    }

    [GeneratedRegex(@"^copying \d+ %: .+ of .+, [\d,]+ of [\d,]+ files$")]
    private static partial Regex CopyingFigures();
}
