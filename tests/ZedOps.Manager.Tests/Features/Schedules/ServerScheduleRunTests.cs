using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ZedOps.Manager.Features.Players;
using ZedOps.Manager.Features.Schedules;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Tests.Features.Schedules;

/// <summary>Scheduled restarts of a real pz-sim server in Docker. The schedules' clock (which also drives the warning
/// ladder they start) is a <see cref="FakeTimeProvider"/> the test moves step by step; everything else runs on real time.</summary>
[Trait("Category", "Docker")]
public sealed class ServerScheduleRunTests : PzSimServerTestBase
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 1, 4, 10, 0, 0, TimeSpan.Zero));

    protected override ManagerHostOptions? HostOptions => new()
    {
        ConfigureServices = s => s.AddKeyedSingleton<TimeProvider>(ServerScheduler.ClockKey, _clock)
            .Configure<PlayersOptions>(o => (o.PollInterval, o.Lease) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3))),
    };

    [DockerFact]
    public async Task CronRestart_LadderAtItsOffsets_FinalMessage_ReachesRunning_MissedNotReplayed()
    {
        var server = await CreateRunningAsync();
        var url = $"/api/servers/{server.Id}/schedules";
        using var created = await Admin.PostAsJsonAsync(url, new
        {
            cron = "0 */6 * * *", timeZone = "UTC", action = "restart",
            warnings = new[] { new { secondsBefore = 120, message = "Ladder two minutes" }, new { secondsBefore = 60, message = "Ladder one minute" } },
            finalMessage = "Ladder restarting now, please log out",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // 10:00 -> next day 00:01: the 12:00 and 18:00 runs were missed, the 00:00 one runs once.
        _clock.Advance(TimeSpan.FromHours(14) + TimeSpan.FromMinutes(1));
        await WaitConsoleAsync(server.Id, "Ladder two minutes");
        var running = await WaitTaskAsync(url, t => t.LastResult == "running", "the run started");
        Assert.Contains("2 earlier missed run(s) not replayed", running.LastMessage, StringComparison.Ordinal);
        Assert.True(running.Running);

        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.DoesNotContain("Ladder one minute", await ConsoleAsync(server.Id), StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitConsoleAsync(server.Id, "Ladder one minute");
        Assert.DoesNotContain("Ladder restarting now", await ConsoleAsync(server.Id), StringComparison.Ordinal);
        Assert.Equal(ServerStatuses.Running, (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!.Status);

        _clock.Advance(TimeSpan.FromSeconds(60));
        var done = await WaitTaskAsync(url, t => t.LastResult is "ok" or "failed", "the run finished");
        Assert.True(done.LastResult == "ok", done.LastMessage);
        Assert.Contains("2 warning(s) sent, then restarted; the server is running", done.LastMessage, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2027, 1, 5, 6, 0, 0, TimeSpan.Zero), done.NextRunAt);
        Assert.False(done.Running);
        Assert.Equal(ServerStatuses.Running, (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!.Status);
        var audit = await Admin.GetStringAsync("/api/audit?action=schedule.run&pageSize=20");
        Assert.Contains("restart (0 */6 * * * UTC): ok", audit, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task RestartWhenEmpty_WaitsWhilePlayersOnline_RestartsWhenTheyLeave()
    {
        var server = await CreateRunningAsync();
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<PlayersSnapshot>($"/api/servers/{server.Id}/players"))!,
            p => p.Online.Any(o => o.Name == "alice"), "alice online", Bound);
        var url = $"/api/servers/{server.Id}/schedules";
        using var created = await Admin.PostAsJsonAsync(url, new
        {
            cron = "0 4 * * *", action = "restart", whenEmpty = true, whenEmptyMaxWaitMinutes = 30,
            warnings = new[] { new { secondsBefore = 60, message = "Empty-test warning" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        _clock.Advance(TimeSpan.FromHours(18) + TimeSpan.FromSeconds(1));
        await WaitTaskAsync(url, t => t.LastResult == "running", "the run started (waiting for players to leave)");
        _clock.Advance(TimeSpan.FromMinutes(20)); // within the 30 min bound: alice is still online, nothing happens
        var waiting = (await Admin.GetFromJsonAsync<ServerSchedulesView>(url))!.Schedules.Single();
        Assert.Equal("running", waiting.LastResult);
        Assert.Equal(ServerStatuses.Running, (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!.Status);
        Assert.DoesNotContain("Empty-test warning", await ConsoleAsync(server.Id), StringComparison.Ordinal);

        using (var kick = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/players/alice/kick", new { reason = "test" }))
        {
            Assert.Equal(HttpStatusCode.OK, kick.StatusCode);
        }
        var done = await WaitTaskAsync(url, t => t.LastResult is "ok" or "failed", "restarted once empty");
        Assert.True(done.LastResult == "ok", done.LastMessage);
        Assert.Contains("no players online after", done.LastMessage, StringComparison.Ordinal);
        Assert.Contains("restarted without warnings; the server is running", done.LastMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("Empty-test warning", await ConsoleAsync(server.Id), StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task BroadcastRconAndBackupActions_RunAtTheirTime_ResultsShown()
    {
        var server = await CreateRunningAsync();
        var url = $"/api/servers/{server.Id}/schedules";
        foreach (var body in new object[]
        {
            new { cron = "0 4 * * *", action = "broadcast", argument = "Scheduled hello" },
            new { cron = "0 4 * * *", action = "rcon", argument = "players" },
            new { cron = "0 4 * * *", action = "backup" },
        })
        {
            using var created = await Admin.PostAsJsonAsync(url, body);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        _clock.Advance(TimeSpan.FromHours(18) + TimeSpan.FromSeconds(1));
        var tasks = await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerSchedulesView>(url))!.Schedules,
            l => l.All(t => t.LastResult is "ok" or "failed" or "skipped"), "all three ran", Bound);
        Assert.All(tasks, t => Assert.True(t.LastResult == "ok", $"{t.Action}: {t.LastMessage}"));
        Assert.Contains("Players connected", tasks.Single(t => t.Action == "rcon").LastMessage, StringComparison.Ordinal);
        Assert.StartsWith("backup ", tasks.Single(t => t.Action == "backup").LastMessage, StringComparison.Ordinal);
        await WaitConsoleAsync(server.Id, "Scheduled hello");
        Assert.All(tasks, t => Assert.Equal(new DateTimeOffset(2027, 1, 6, 4, 0, 0, TimeSpan.Zero), t.NextRunAt));
    }

    private Task<string> ConsoleAsync(Guid id) => Admin.GetStringAsync($"/api/servers/{id}/logs?tail=1000");

    private Task<string> WaitConsoleAsync(Guid id, string text) =>
        Eventually.ReturnsAsync(() => ConsoleAsync(id), c => c.Contains(text, StringComparison.Ordinal), $"console shows '{text}'", Bound);

    private Task<ServerScheduleView> WaitTaskAsync(string url, Func<ServerScheduleView, bool> condition, string what) =>
        Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerSchedulesView>(url))!.Schedules.Single(), condition, what, Bound);
}
