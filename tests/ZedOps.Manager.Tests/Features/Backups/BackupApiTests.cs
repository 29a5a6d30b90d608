using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Testing;

namespace ZedOps.Manager.Tests.Features.Backups;

/// <summary>Backups through the API, the real agent, Docker and a running pz-sim server.</summary>
[Trait("Category", "Docker")]
public sealed class BackupApiTests : BackupTestBase
{
    [DockerFact]
    public async Task RunningServer_BackedUpConsistent_WorldChanged_RestoredOldWorldBack_CorruptRefused()
    {
        var server = await CreateRunningAsync();
        var world = Path.Combine(server.DataPath, "Saves", "Multiplayer", server.Name);

        using (var started = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/backups", new { reason = "before the raid" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }
        var backup = Assert.Single((await WaitBackupsAsync(server.Id, 1)).Backups);
        Assert.True(backup.Consistent, backup.ConsistencyNote);
        Assert.Contains("Saving finish", backup.ConsistencyNote, StringComparison.Ordinal);
        Assert.Equal("before the raid", backup.Reason);
        Assert.True(backup.Files > 0 && backup.ArchiveBytes > 0);

        using (var verified = await Admin.PostAsync($"/api/servers/{server.Id}/backups/{backup.Id}/verify", null))
        {
            Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        }

        // The world changes after the backup: a file the backup does not hold.
        var marker = Path.Combine(world, "after-backup.bin");
        await File.WriteAllTextAsync(marker, "changed");

        using (var restore = await Admin.PostAsync($"/api/servers/{server.Id}/backups/{backup.Id}/restore", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, restore.StatusCode);
        }
        var after = await WaitBackupsAsync(server.Id, 2);
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Running && !Directory.Exists(world + ".pre-restore") && !File.Exists(marker),
            "server running on the restored world, nothing left aside", Bound);
        Assert.Contains(after.Backups, b => b.Reason == "pre-restore");
        Assert.True(File.Exists(Path.Combine(world, "players.db")));

        // A flipped byte: verify says so, restore refuses before touching the world.
        // The agent keeps backups beside its data root: <data root>-backups/<server id>/<backup id>.tar.zst.
        var archive = Path.Combine(BackupDir(server), backup.Id + ".tar.zst");
        var bytes = await File.ReadAllBytesAsync(archive);
        bytes[bytes.Length / 2] ^= 0x20;
        await File.WriteAllBytesAsync(archive, bytes);
        using var corrupt = await Admin.PostAsync($"/api/servers/{server.Id}/backups/{backup.Id}/verify", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, corrupt.StatusCode);
        Assert.Equal(ErrorCodes.BackupCorrupt, (await corrupt.Content.ReadFromJsonAsync<ProblemDetails>())!.Type);
    }

    [DockerFact]
    public async Task Viewer_SeesBackups_CannotTakeOrDelete()
    {
        var server = await CreateRunningAsync();
        var (viewer, viewerId) = await Manager.CreateUserClientAsync(Admin, "backup-viewer");
        await Admin.GrantAsync(viewerId, "viewer", "server", server.Id);

        using var list = await viewer.GetAsync($"/api/servers/{server.Id}/backups");
        using var take = await viewer.PostAsJsonAsync($"/api/servers/{server.Id}/backups", new { });
        using var delete = await viewer.DeleteAsync($"/api/servers/{server.Id}/backups/20261201T000000Z-abcdef");
        using var badId = await Admin.DeleteAsync($"/api/servers/{server.Id}/backups/..%2F..%2Fetc");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, take.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
    }

    [DockerFact]
    public async Task Rebuild_TakesAPreRebuildBackupFirst()
    {
        var server = await CreateRunningAsync();

        using (var rebuild = await Admin.PostAsync($"/api/servers/{server.Id}/rebuild", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, rebuild.StatusCode);
        }

        var backup = Assert.Single((await WaitBackupsAsync(server.Id, 1)).Backups);
        Assert.Equal("pre-rebuild", backup.Reason);
        Assert.True(backup.Consistent, backup.ConsistencyNote); // taken after the graceful stop
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Running && v.Operation is null, "rebuilt and running", Bound);
    }

    [DockerFact]
    public async Task RestoredWorldThatCannotBoot_IsRolledBack_ServerRunsOnTheWorldFromBefore()
    {
        var server = await CreateRunningAsync();
        var world = Path.Combine(server.DataPath, "Saves", "Multiplayer", server.Name);
        var playersDb = Path.Combine(world, "players.db");
        await StopAsync(server.Id);

        // A backup whose players.db is not a database: pz-sim, like the game, dies opening it at boot.
        var goodDb = await File.ReadAllBytesAsync(playersDb);
        await File.WriteAllTextAsync(playersDb, "this is not an SQLite database");
        using (var taken = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/backups", new { reason = "broken" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, taken.StatusCode);
        }
        var broken = Assert.Single((await WaitBackupsAsync(server.Id, 1)).Backups);
        await File.WriteAllBytesAsync(playersDb, goodDb);
        var marker = Path.Combine(world, "world-before-restore.txt");
        await File.WriteAllTextAsync(marker, "the world the friends play on");

        using (var restore = await Admin.PostAsync($"/api/servers/{server.Id}/backups/{broken.Id}/restore", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, restore.StatusCode);
        }

        var activity = await Eventually.ReturnsAsync(
            async () => await Admin.GetStringAsync($"/api/servers/{server.Id}/activity"),
            a => a.Contains("rolling back", StringComparison.Ordinal) && a.Contains("did not come up on it", StringComparison.Ordinal),
            "the restore rolled back", Bound);
        Assert.Contains("players.db fails the SQLite integrity check", activity, StringComparison.Ordinal);
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Running && v.Operation is null, "running again on the old world", Bound);
        Assert.True(File.Exists(marker), "the world from before the restore is back");
        Assert.Equal(goodDb.Length > 0, new FileInfo(playersDb).Length > 0);
        Assert.NotEqual("this is not an SQLite database", await ReadPrefixAsync(playersDb));
        Assert.False(Directory.Exists(server.DataPath + ".pre-restore"));
        Assert.False(Directory.Exists(server.DataPath + ".restoring"));
        var audit = await Admin.GetStringAsync("/api/audit?action=server.backup.restore");
        Assert.Contains("did not come up on it", audit, StringComparison.Ordinal);
    }

    private static async Task<string> ReadPrefixAsync(string path) =>
        new string((await File.ReadAllTextAsync(path)).Take(30).ToArray());
}
