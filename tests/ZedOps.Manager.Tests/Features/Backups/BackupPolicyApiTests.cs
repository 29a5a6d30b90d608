using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ZedOps.Manager.Features.Backups.Policy;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;

namespace ZedOps.Manager.Tests.Features.Backups;

/// <summary>Locks, retention and schedules through the API, the real agent store, Docker and a running pz-sim server.
/// The schedules' clock is a <see cref="FakeTimeProvider"/>; everything else runs on real time.</summary>
[Trait("Category", "Docker")]
public sealed class BackupPolicyApiTests : ManagerWithAgentTestBase
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(120);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 4, 10, 0, 0, TimeSpan.Zero));
    private readonly List<string> _created = [];

    protected override ManagerHostOptions? HostOptions => new() { ConfigureServices = s => s.AddKeyedSingleton<TimeProvider>(BackupScheduler.ClockKey, _clock) };

    [DockerFact]
    public async Task Retention_PrunesExactlyTheRightOnes_LockedKept_LockedDeleteRefused()
    {
        var server = await CreateRunningAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await BackUpAsync(server.Id));
        }
        // Spread the backups over days by rewriting their sidecars (the agent's truth about when each was taken).
        var today = DateTimeOffset.UtcNow.UtcDateTime.Date;
        await SetCreatedAtAsync(server, ids[0], today.AddDays(-20).AddHours(12));
        await SetCreatedAtAsync(server, ids[1], today.AddDays(-10).AddHours(12));
        await SetCreatedAtAsync(server, ids[2], today.AddDays(-3).AddHours(8));
        await SetCreatedAtAsync(server, ids[3], today.AddDays(-3).AddHours(10));
        var b = $"/api/servers/{server.Id}/backups";

        using (var locked = await Admin.PostAsync($"{b}/{ids[0]}/lock", null))
        {
            Assert.True((await locked.Content.ReadFromJsonAsync<BackupInfo>())!.Locked);
        }
        using (var refused = await Admin.DeleteAsync($"{b}/{ids[0]}"))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("unlock it first", (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
        }

        // Keep the newest 1 and the newest of the last 2 days that have backups: today's newest and the later of day -3.
        using var policy = await Admin.PutAsJsonAsync($"{b}/policy", new { keepLast = 1, keepDaily = 2, keepWeekly = 0 });
        var view = (await policy.Content.ReadFromJsonAsync<BackupPolicyEndpoints.PolicyView>())!;
        Assert.Equal(Sorted(ids[1], ids[2]), view.Pruned.Order(StringComparer.Ordinal));
        Assert.Equal(Sorted(ids[0], ids[3], ids[4]), await ListIdsAsync(b));
        Assert.True(File.Exists(ArchivePath(server, ids[0])));
        Assert.False(File.Exists(ArchivePath(server, ids[1])));

        // A new backup prunes by the same policy: today's older one goes, the new one stays.
        var newest = await BackUpAsync(server.Id);
        await Eventually.ReturnsAsync(() => ListIdsAsync(b), l => l.Length == 3, "pruned after the backup", s_bound);
        Assert.Equal(Sorted(ids[0], ids[3], newest), await ListIdsAsync(b));
        var audit = await Admin.GetStringAsync("/api/audit?action=backup.prune&pageSize=20");
        foreach (var pruned in new[] { ids[1], ids[2], ids[4] })
        {
            Assert.Contains(pruned, audit, StringComparison.Ordinal);
        }
        Assert.Contains("\"system\"", audit, StringComparison.Ordinal);

        using (var unlocked = await Admin.DeleteAsync($"{b}/{ids[0]}/lock"))
        {
            Assert.False((await unlocked.Content.ReadFromJsonAsync<BackupInfo>())!.Locked);
        }
        using var deleted = await Admin.DeleteAsync($"{b}/{ids[0]}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
    }

    [DockerFact]
    public async Task Schedule_FiresOnceAfterMissedOccurrences_ThenStopBackupStart_BringsServerBack_SkippedWhileBusy()
    {
        var server = await CreateRunningAsync();
        var schedules = $"/api/servers/{server.Id}/backups/schedules";
        using var created = await Admin.PostAsJsonAsync(schedules, new { cron = "0 * * * *", timeZone = "UTC", mode = "online" });
        var schedule = (await created.Content.ReadFromJsonAsync<ScheduleView>())!;
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 11, 0, 0, TimeSpan.Zero), schedule.NextRunAt);

        // Three occurrences pass (11:00, 12:00, 13:00) while nothing ticks; the latest is 10 minutes old: one run, no burst.
        _clock.Advance(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(10));
        var ran = await WaitScheduleAsync(schedules, s => s.LastResult == "ok", "the scheduled run finished");
        Assert.Contains("2 earlier missed run(s) not replayed", ran.LastMessage, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 14, 0, 0, TimeSpan.Zero), ran.NextRunAt);
        var backup = Assert.Single((await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{server.Id}/backups"))!.Backups);
        Assert.Equal(("scheduled", true), (backup.Reason, backup.Consistent));

        using var mode = await Admin.PutAsJsonAsync($"{schedules}/{schedule.Id}", new { mode = "stop-backup-start" });
        Assert.Equal(HttpStatusCode.OK, mode.StatusCode);
        _clock.Advance(TimeSpan.FromMinutes(55));
        await WaitScheduleAsync(schedules, s => s.LastResult == "ok" && s.NextRunAt == new DateTimeOffset(2027, 1, 4, 15, 0, 0, TimeSpan.Zero), "the stop-backup-start run");
        var after = await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Running && v.Operation is null, "running again", s_bound);
        Assert.Equal(ServerStatuses.Running, after.Status);
        var backups = (await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{server.Id}/backups"))!.Backups;
        Assert.Equal(2, backups.Count);
        Assert.Contains("stopped", backups[0].ConsistencyNote, StringComparison.Ordinal);
        Assert.Contains("server.backup.stop-backup-start", await Admin.GetStringAsync("/api/audit?action=server.backup.stop-backup-start"), StringComparison.Ordinal);

        // Another operation holds the server at the due time: the run is skipped with the reason, the next one scheduled.
        var operations = Manager.Services.GetRequiredService<ServerOperations>();
        Assert.True(operations.TryBegin(server.Id, "held-by-test"));
        try
        {
            _clock.Advance(TimeSpan.FromHours(1));
            var skipped = await WaitScheduleAsync(schedules, s => s.LastResult == "skipped", "the run skipped while busy");
            Assert.Contains("busy (held-by-test)", skipped.LastMessage, StringComparison.Ordinal);
            Assert.Equal(new DateTimeOffset(2027, 1, 4, 16, 0, 0, TimeSpan.Zero), skipped.NextRunAt);
        }
        finally
        {
            operations.End(server.Id);
        }
    }

    private static string[] Sorted(params string[] ids) => [.. ids.Order(StringComparer.Ordinal)];

    private async Task<ScheduleView> WaitScheduleAsync(string url, Func<ScheduleView, bool> condition, string what) =>
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<List<ScheduleView>>(url))!.Single(), condition, what, s_bound);

    private async Task<string[]> ListIdsAsync(string url) =>
        [.. (await Admin.GetFromJsonAsync<ListBackupsResult>(url))!.Backups.Select(x => x.Id).Order(StringComparer.Ordinal)];

    /// <summary>Takes a backup and returns its id (the one new id: retention may already have pruned others).</summary>
    private async Task<string> BackUpAsync(Guid id)
    {
        var before = (await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{id}/backups"))!.Backups.Select(x => x.Id).ToHashSet();
        using (var taken = await Admin.PostAsJsonAsync($"/api/servers/{id}/backups", new { reason = "manual" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, taken.StatusCode);
        }
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{id}"))!, v => v.Operation is null, "backup finished", s_bound);
        var list = await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{id}/backups"))!,
            l => l.Backups.Any(x => !before.Contains(x.Id)), "the new backup listed", s_bound);
        return list.Backups.Single(x => !before.Contains(x.Id)).Id;
    }

    private static string ArchivePath(ServerView server, string backupId) =>
        Path.Combine(Path.GetDirectoryName(server.DataPath)! + "-backups", server.Id.ToString("D"), backupId + ".tar.zst");

    private static async Task SetCreatedAtAsync(ServerView server, string backupId, DateTime utc)
    {
        var sidecar = ArchivePath(server, backupId) + ".json";
        var json = JsonNode.Parse(await File.ReadAllTextAsync(sidecar))!;
        json["manifest"]!["createdAt"] = new DateTimeOffset(utc, TimeSpan.Zero);
        await File.WriteAllTextAsync(sidecar, json.ToJsonString());
    }

    private Task<ServerView> CreateRunningAsync() => PzSimServers.CreateRunningAsync(Admin, AgentId, "p", _created, s_bound);

    protected override Task CleanupAsync() => PzSimServers.RemoveAsync(_created);
}
