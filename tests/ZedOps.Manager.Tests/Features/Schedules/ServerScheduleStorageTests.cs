using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Schedules;

namespace ZedOps.Manager.Tests.Features.Schedules;

/// <summary>Scheduled tasks on each database provider: CRUD, validation naming the field, rights, pause, the report of
/// runs missed while the manager was down (one report, no burst) on an injected clock, and the row lease: of two
/// scheduler owners claiming the same due run at once exactly one wins, and no one takes a run while a lease lives.
/// The agent is registered but never connects, so no run starts.</summary>
public sealed class ServerScheduleStorageTests
{
    private static readonly DateTimeOffset s_start = new(2027, 1, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public Task Sqlite_SchedulesPauseMissedLease() => RunAsync(null);

    [PostgresFact]
    public async Task Postgres_SchedulesPauseMissedLease()
    {
        var database = "zedops_tasks_" + Guid.NewGuid().ToString("N")[..12];
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
            ConfigureServices = s => s.AddKeyedSingleton<TimeProvider>(ServerScheduler.ClockKey, clock),
        });
        try
        {
            using var admin = await manager.CreateAdminClientAsync();
            var agent = await manager.RegisterAgentAsync(admin);
            var serverId = await manager.AddServerRowAsync(agent.AgentId, "s" + Guid.NewGuid().ToString("N")[..8]);
            var (viewer, viewerId) = await manager.CreateUserClientAsync(admin, "task-viewer");
            await admin.GrantAsync(viewerId, "viewer", "server", serverId);
            var url = $"/api/servers/{serverId}/schedules";

            await AssertRightsAsync(viewer, url);
            await AssertInvalidAsync(admin, url, new { cron = "61 * * * *", action = "restart" }, "cron");
            await AssertInvalidAsync(admin, url, new { cron = "0 4 * * *", action = "explode" }, "action");
            await AssertInvalidAsync(admin, url, new { cron = "0 4 * * *", action = "restart", timeZone = "Mars/Olympus" }, "timeZone");
            await AssertInvalidAsync(admin, url, new { cron = "0 4 * * *", action = "rcon" }, "argument");
            await AssertInvalidAsync(admin, url, new { cron = "0 4 * * *", action = "restart", warnings = new[] { new { secondsBefore = 0, message = "x" } } }, "warnings");

            using var created = await admin.PostAsJsonAsync(url, new { cron = "0 4 * * *", timeZone = "Europe/Berlin", action = "restart", whenEmpty = true });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var view = (await created.Content.ReadFromJsonAsync<ServerScheduleView>())!;
            Assert.Equal(new DateTimeOffset(2027, 1, 5, 3, 0, 0, TimeSpan.Zero), view.NextRunAt); // 04:00 Berlin = 03:00 UTC in winter
            Assert.Equal(4, view.NextRunLocal!.Value.Hour);
            Assert.Equal([3600, 1800, 900, 300, 60], view.Warnings.Select(w => w.SecondsBefore));
            Assert.Equal(("The server is restarting now, please log out.", true, 60), (view.FinalMessage, view.WhenEmpty, view.WhenEmptyMaxWaitMinutes));

            using var hourly = await admin.PutAsJsonAsync($"{url}/{view.Id}", new { cron = "0 * * * *", timeZone = "UTC" });
            Assert.Equal(s_start.AddHours(1), (await hourly.Content.ReadFromJsonAsync<ServerScheduleView>())!.NextRunAt);

            await AssertMissedNotReplayedAsync(admin, clock, url);
            await AssertPausedSkipsAsync(admin, clock, url);
            await AssertRecentStartSkipsAsync(manager, admin, clock, url, serverId, view.Id);
            await AssertOneOwnerWinsAsync(manager, view.Id, clock);

            using var deleted = await admin.DeleteAsync($"{url}/{view.Id}");
            using var again = await admin.DeleteAsync($"{url}/{view.Id}");
            Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (deleted.StatusCode, again.StatusCode));
            var audit = await admin.GetStringAsync("/api/audit?target=server:&pageSize=100");
            foreach (var action in new[] { "schedule.create", "schedule.update", "schedule.delete", "schedule.pause", "schedule.resume" })
            {
                Assert.Contains($"\"{action}\"", audit, StringComparison.Ordinal);
            }
        }
        finally
        {
            manager.DeleteData();
        }
    }

    /// <summary>The manager "down" for five hourly runs: one report naming the count, none replayed, next run in the future.</summary>
    private static async Task AssertMissedNotReplayedAsync(HttpClient admin, FakeTimeProvider clock, string url)
    {
        clock.Advance(TimeSpan.FromHours(5) + TimeSpan.FromMinutes(30));
        var missed = await WaitAsync(admin, url, s => s.LastResult == "missed", "missed");
        Assert.Contains("manager was not running: 5 run(s)", missed.LastMessage, StringComparison.Ordinal);
        Assert.Contains("none was replayed", missed.LastMessage, StringComparison.Ordinal);
        Assert.Equal(s_start.AddHours(6), missed.NextRunAt);
        Assert.Null(missed.LastRunAt);
    }

    private static async Task AssertPausedSkipsAsync(HttpClient admin, FakeTimeProvider clock, string url)
    {
        using var paused = await admin.PutAsJsonAsync($"{url}/paused", new { paused = true });
        Assert.True((await paused.Content.ReadFromJsonAsync<ServerSchedulesView>())!.Paused);
        clock.Advance(TimeSpan.FromMinutes(31)); // 16:01, the 16:00 run is due
        var skipped = await WaitAsync(admin, url, s => s.LastResult == "skipped", "skipped while paused");
        Assert.Contains("paused", skipped.LastMessage, StringComparison.Ordinal);
        Assert.Equal(s_start.AddHours(7), skipped.NextRunAt);
        using var resumed = await admin.PutAsJsonAsync($"{url}/paused", new { paused = false });
        Assert.False((await resumed.Content.ReadFromJsonAsync<ServerSchedulesView>())!.Paused);
    }

    /// <summary>"Skip when the server restarted recently": started 60 min before the run, the limit 120 min.</summary>
    private static async Task AssertRecentStartSkipsAsync(ManagerHost manager, HttpClient admin, FakeTimeProvider clock, string url, Guid serverId, Guid id)
    {
        await using (var scope = manager.Services.CreateAsyncScope())
        {
            var startedAt = clock.GetUtcNow();
            await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().Servers.Where(s => s.Id == serverId)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.StartedAt, startedAt));
        }
        using var set = await admin.PutAsJsonAsync($"{url}/{id}", new { skipIfStartedWithinMinutes = 120 });
        Assert.Equal(120, (await set.Content.ReadFromJsonAsync<ServerScheduleView>())!.SkipIfStartedWithinMinutes);
        clock.Advance(TimeSpan.FromMinutes(60)); // 17:01, the 17:00 run is due
        var skipped = await WaitAsync(admin, url, s => s.LastMessage?.Contains("started", StringComparison.Ordinal) == true, "skipped after a recent start");
        Assert.Equal("skipped", skipped.LastResult);
        Assert.Contains("the server started 60 min ago (less than 120 min)", skipped.LastMessage, StringComparison.Ordinal);
        Assert.Equal(s_start.AddHours(8), skipped.NextRunAt);
    }

    /// <summary>Two scheduler owners (two manager processes) race for the same due run, many times: exactly one wins each
    /// time; while the winner's lease lives nobody else takes the next run; after release the other one can.</summary>
    private static async Task AssertOneOwnerWinsAsync(ManagerHost manager, Guid id, FakeTimeProvider clock)
    {
        var now = clock.GetUtcNow();
        for (var round = 0; round < 10; round++)
        {
            var due = now.AddHours(round);
            await using var setup = manager.Services.CreateAsyncScope();
            await setup.ServiceProvider.GetRequiredService<ZedOpsDbContext>().ServerSchedules.Where(s => s.Id == id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextRunAt, due).SetProperty(s => s.LeaseOwner, (string?)null).SetProperty(s => s.LeaseUntil, (DateTimeOffset?)null));
            await using var a = manager.Services.CreateAsyncScope();
            await using var b = manager.Services.CreateAsyncScope();
            var claims = await Task.WhenAll(
                ScheduleLease.ClaimAsync(a.ServiceProvider.GetRequiredService<ZedOpsDbContext>(), id, due, due.AddHours(1), "manager-a", due, "a", CancellationToken.None),
                ScheduleLease.ClaimAsync(b.ServiceProvider.GetRequiredService<ZedOpsDbContext>(), id, due, due.AddHours(1), "manager-b", due, "b", CancellationToken.None));
            Assert.Equal(1, claims.Count(c => c));
        }
        await using var scope = manager.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var row = await db.ServerSchedules.AsNoTracking().SingleAsync(s => s.Id == id);
        var (winner, loser) = row.LeaseOwner == "manager-a" ? ("manager-a", "manager-b") : ("manager-b", "manager-a");
        var next = row.NextRunAt!.Value;
        var inLease = row.LeaseUntil!.Value.AddSeconds(-1);
        Assert.False(await ScheduleLease.ClaimAsync(db, id, next, next.AddHours(1), loser, inLease, "overlap", CancellationToken.None));
        Assert.False(await ScheduleLease.RenewAsync(db, id, loser, inLease, CancellationToken.None));
        Assert.True(await ScheduleLease.RenewAsync(db, id, winner, inLease, CancellationToken.None));
        await ScheduleLease.ReleaseAsync(db, id, winner, "ok", "done", CancellationToken.None);
        Assert.True(await ScheduleLease.ClaimAsync(db, id, next, next.AddHours(1), loser, inLease, "after release", CancellationToken.None));
        await ScheduleLease.ReleaseAsync(db, id, loser, "ok", "done", CancellationToken.None);

        // A manager that dies mid-run stops renewing: once the lease expired the next tick reports the run as interrupted.
        var tickNow = clock.GetUtcNow();
        await db.ServerSchedules.Where(s => s.Id == id).ExecuteUpdateAsync(u => u.SetProperty(s => s.LeaseOwner, "dead-manager")
            .SetProperty(s => s.LeaseUntil, tickNow + TimeSpan.FromSeconds(5)).SetProperty(s => s.LastResult, "running"));
        clock.Advance(ServerScheduler.Tick);
        var interrupted = await Eventually.ReturnsAsync(() => db.ServerSchedules.AsNoTracking().SingleAsync(s => s.Id == id),
            s => s.LastResult == "failed", "the abandoned run reported", TimeSpan.FromSeconds(30));
        Assert.Contains("dead-manager", interrupted.LastMessage, StringComparison.Ordinal);
        Assert.Null(interrupted.LeaseUntil);
    }

    private static async Task AssertRightsAsync(HttpClient viewer, string url)
    {
        using var list = await viewer.GetAsync(url);
        using var create = await viewer.PostAsJsonAsync(url, new { cron = "0 4 * * *", action = "restart" });
        using var update = await viewer.PutAsJsonAsync($"{url}/{Guid.NewGuid()}", new { enabled = false });
        using var delete = await viewer.DeleteAsync($"{url}/{Guid.NewGuid()}");
        using var pause = await viewer.PutAsJsonAsync($"{url}/paused", new { paused = true });
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.All(new[] { create, update, delete, pause }, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
    }

    private static async Task AssertInvalidAsync(HttpClient admin, string url, object body, string field)
    {
        using var response = await admin.PostAsJsonAsync(url, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.StartsWith($"{field}: ", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(field, problem.Extensions["field"]?.ToString());
    }

    private static async Task<ServerScheduleView> WaitAsync(HttpClient admin, string url, Func<ServerScheduleView, bool> condition, string what) =>
        await Eventually.ReturnsAsync(async () => (await admin.GetFromJsonAsync<ServerSchedulesView>(url))!.Schedules.Single(), condition, what, TimeSpan.FromSeconds(30));

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
