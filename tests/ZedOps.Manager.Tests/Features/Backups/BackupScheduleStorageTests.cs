using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Backups.Policy;

namespace ZedOps.Manager.Tests.Features.Backups;

/// <summary>Schedules and retention on each database provider: CRUD, validation, rights, and the scheduler's handling
/// of a run whose agent is offline (waiting, then missed) and of manager downtime (missed, no replay) on an injected
/// clock. The agent is registered but never connects, so no run can start.</summary>
public sealed class BackupScheduleStorageTests
{
    private static readonly DateTimeOffset s_start = new(2027, 1, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public Task Sqlite_SchedulesAndPolicy() => RunAsync(null);

    [PostgresFact]
    public async Task Postgres_SchedulesAndPolicy()
    {
        var database = "zedops_schedules_" + Guid.NewGuid().ToString("N")[..12];
        var server = Requirements.PostgresConnectionString!;
        await ExecuteAsync(server, $"CREATE DATABASE {database}");
        try
        {
            await RunAsync(new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task RunAsync(string? postgres)
    {
        var clock = new FakeTimeProvider(s_start);
        await using var manager = await ManagerHost.StartAsync(new ManagerHostOptions
        {
            PostgresConnectionString = postgres,
            ConfigureServices = s => s.AddKeyedSingleton<TimeProvider>(BackupScheduler.ClockKey, clock),
        });
        try
        {
            using var admin = await manager.CreateAdminClientAsync();
            var agent = await manager.RegisterAgentAsync(admin);
            var serverId = await manager.AddServerRowAsync(agent.AgentId, "s" + Guid.NewGuid().ToString("N")[..8]);
            var (viewer, viewerId) = await manager.CreateUserClientAsync(admin, "schedule-viewer");
            await admin.GrantAsync(viewerId, "viewer", "server", serverId);
            var schedules = $"/api/servers/{serverId}/backups/schedules";

            await AssertRightsAsync(viewer, serverId);
            await AssertInvalidAsync(admin, schedules, new { cron = "61 * * * *" }, "is not a cron expression");
            await AssertInvalidAsync(admin, schedules, new { cron = "0 4 * * *", timeZone = "Mars/Olympus" }, "is not a time zone");
            await AssertInvalidAsync(admin, schedules, new { cron = "0 4 * * *", mode = "sometimes" }, "Mode 'sometimes' is unknown");
            await AssertInvalidAsync(admin, $"/api/servers/{serverId}/backups/policy", new { keepLast = 1001 }, "between 0 and 1000", put: true);

            using var created = await admin.PostAsJsonAsync(schedules, new { cron = "0 4 * * *", timeZone = "Europe/Berlin", mode = "stop-backup-start" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var view = (await created.Content.ReadFromJsonAsync<ScheduleView>())!;
            Assert.Equal((true, "stop-backup-start", "Europe/Berlin"), (view.Enabled, view.Mode, view.TimeZone));
            Assert.Equal(new DateTimeOffset(2027, 1, 5, 3, 0, 0, TimeSpan.Zero), view.NextRunAt); // 04:00 in Berlin is 03:00 UTC in winter
            Assert.Equal(4, view.NextRunLocal!.Value.Hour);

            using var disabled = await admin.PutAsJsonAsync($"{schedules}/{view.Id}", new { enabled = false });
            Assert.Null((await disabled.Content.ReadFromJsonAsync<ScheduleView>())!.NextRunAt);
            using var daily = await admin.PutAsJsonAsync($"{schedules}/{view.Id}", new { cron = "0 3 * * *", timeZone = "UTC", mode = "online", enabled = true });
            Assert.Equal(new DateTimeOffset(2027, 1, 5, 3, 0, 0, TimeSpan.Zero), (await daily.Content.ReadFromJsonAsync<ScheduleView>())!.NextRunAt);

            var down = await AssertWaitingThenMissedAsync(admin, clock, schedules);
            await AssertOneClaimWinsAsync(manager, view.Id, down.NextRunAt!.Value);

            using var policy = await admin.PutAsJsonAsync($"/api/servers/{serverId}/backups/policy", new { keepLast = 2, keepDaily = 7, keepWeekly = 4 });
            Assert.Equal(HttpStatusCode.OK, policy.StatusCode);
            var stored = (await viewer.GetFromJsonAsync<BackupPolicyEndpoints.PolicyView>($"/api/servers/{serverId}/backups/policy"))!;
            Assert.Equal((2, 7, 4, false), (stored.KeepLast, stored.KeepDaily, stored.KeepWeekly, stored.KeepsEverything));

            using var deleted = await admin.DeleteAsync($"{schedules}/{view.Id}");
            using var again = await admin.DeleteAsync($"{schedules}/{view.Id}");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
            Assert.Empty((await admin.GetFromJsonAsync<List<ScheduleView>>(schedules))!);
            var audit = await admin.GetStringAsync("/api/audit?target=server:");
            foreach (var action in new[] { "backup.schedule.create", "backup.schedule.update", "backup.schedule.delete", "backup.policy" })
            {
                Assert.Contains(action, audit, StringComparison.Ordinal);
            }
        }
        finally
        {
            manager.DeleteData();
        }
    }

    /// <summary>Due while the agent is offline, then the manager "down" over several occurrences: nothing is lost
    /// silently and nothing is replayed.</summary>
    private static async Task<ScheduleView> AssertWaitingThenMissedAsync(HttpClient admin, FakeTimeProvider clock, string schedules)
    {
        // Due while the agent is offline: waiting, not lost. Still offline past the grace: missed, next one scheduled.
        clock.Advance(TimeSpan.FromHours(17) + TimeSpan.FromMinutes(10));
        var waiting = await WaitScheduleAsync(admin, schedules, s => s.LastResult == "waiting", "waiting for the agent");
        Assert.Contains("agent is offline", waiting.LastMessage, StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromHours(1));
        var missed = await WaitScheduleAsync(admin, schedules, s => s.LastResult == "missed", "missed");
        Assert.Contains("the agent stayed offline", missed.LastMessage, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2027, 1, 6, 3, 0, 0, TimeSpan.Zero), missed.NextRunAt);

        // The manager "down" over three occurrences, the latest over an hour ago: recorded as missed, never replayed.
        clock.Advance(TimeSpan.FromDays(3));
        var down = await WaitScheduleAsync(admin, schedules, s => s.LastMessage?.Contains("manager was not running", StringComparison.Ordinal) == true, "missed after downtime");
        Assert.Contains("3 run(s)", down.LastMessage, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2027, 1, 9, 3, 0, 0, TimeSpan.Zero), down.NextRunAt);
        Assert.Null(down.LastRunAt);

        return down;
    }

    /// <summary>Two managers reading the same due run: only the UPDATE that still finds the value read succeeds.</summary>
    private static async Task AssertOneClaimWinsAsync(ManagerHost manager, Guid scheduleId, DateTimeOffset dueAt)
    {
        await using var first = manager.Services.CreateAsyncScope();
        await using var second = manager.Services.CreateAsyncScope();
        var db1 = first.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var db2 = second.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var read1 = await db1.BackupSchedules.AsNoTracking().SingleAsync(s => s.Id == scheduleId);
        var read2 = await db2.BackupSchedules.AsNoTracking().SingleAsync(s => s.Id == scheduleId);
        Assert.Equal(dueAt, read1.NextRunAt);

        var claims = await Task.WhenAll(
            BackupScheduler.ClaimAsync(db1, read1, dueAt, dueAt.AddDays(1), "running", "first", dueAt, CancellationToken.None),
            BackupScheduler.ClaimAsync(db2, read2, dueAt, dueAt.AddDays(1), "running", "second", dueAt, CancellationToken.None));

        Assert.Equal(1, claims.Count(c => c));
        var after = await db1.BackupSchedules.AsNoTracking().SingleAsync(s => s.Id == scheduleId);
        Assert.Equal((dueAt.AddDays(1), claims[0] ? "first" : "second"), (after.NextRunAt!.Value, after.LastMessage));
    }

    private static async Task AssertRightsAsync(HttpClient viewer, Guid serverId)
    {
        var b = $"/api/servers/{serverId}/backups";
        using var list = await viewer.GetAsync($"{b}/schedules");
        using var policy = await viewer.GetAsync($"{b}/policy");
        using var create = await viewer.PostAsJsonAsync($"{b}/schedules", new { cron = "0 4 * * *" });
        using var update = await viewer.PutAsJsonAsync($"{b}/schedules/{Guid.NewGuid()}", new { enabled = false });
        using var delete = await viewer.DeleteAsync($"{b}/schedules/{Guid.NewGuid()}");
        using var setPolicy = await viewer.PutAsJsonAsync($"{b}/policy", new { keepLast = 1 });
        using var lockIt = await viewer.PostAsync($"{b}/20261201T000000Z-abcdef/lock", null);
        using var unlock = await viewer.DeleteAsync($"{b}/20261201T000000Z-abcdef/lock");
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], new[] { list.StatusCode, policy.StatusCode });
        Assert.All(new[] { create, update, delete, setPolicy, lockIt, unlock }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
    }

    private static async Task AssertInvalidAsync(HttpClient admin, string url, object body, string message, bool put = false)
    {
        using var response = put ? await admin.PutAsJsonAsync(url, body) : await admin.PostAsJsonAsync(url, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
    }

    private static async Task<ScheduleView> WaitScheduleAsync(HttpClient admin, string url, Func<ScheduleView, bool> condition, string what) =>
        await Eventually.ReturnsAsync(async () => (await admin.GetFromJsonAsync<List<ScheduleView>>(url))!.Single(), condition, what, TimeSpan.FromSeconds(30));

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
