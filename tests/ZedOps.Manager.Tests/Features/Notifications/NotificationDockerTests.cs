using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ZedOps.Manager.Features.Mods;
using ZedOps.Manager.Features.Notifications;
using ZedOps.Manager.Features.Servers;
using NotificationHub = ZedOps.Manager.Features.Notifications.Notifications;

namespace ZedOps.Manager.Tests.Features.Notifications;

/// <summary>Events from a real pz-sim server reach a webhook: up when it first runs, one "mod update" and one
/// "restart for mods" for a mod update, one "still outdated" when it stays outdated (no loop), down when stopped.</summary>
[Trait("Category", "Docker")]
public sealed class NotificationDockerTests : ManagerWithAgentTestBase
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    // Up and down of one server share a de-duplication window (a flapping server is one stream); a short window here
    // lets the stop, a minute after the start, go out directly instead of in the window's summary.
    protected override ManagerHostOptions? HostOptions => new() { Settings = new Dictionary<string, string> { ["ZedOps:Notifications:DedupeWindow"] = "00:00:01" } };

    [DockerFact]
    public async Task PzSim_ModUpdateThenStop_WebhookGetsEachEventOnce()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        using (var channel = await Admin.PostAsJsonAsync("/api/notifications/channels", new
        {
            name = "ops", kind = "webhook", url = receiver.Url("/events").ToString(),
            events = new[] { "server.up", "server.down", "mods.outdated", "mods.restarted", "mods.stuck", "backup.failed" },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, channel.StatusCode);
        }
        var server = await CreateRunningPzSimAsync("nt");
        await receiver.WaitForAsync(r => Type(r) == NotificationEventTypes.ServerUp, "server up", Bound);
        using (var put = await Admin.PutAsJsonAsync($"/api/servers/{server.Id}/mod-updates", new ModUpdatePolicy { WarningMinutes = 0 }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        File.WriteAllText(Path.Combine(server.DataPath, "pz-sim-mods-need-update"), "true");

        await CheckModsAsync(server.Id);
        await receiver.WaitForAsync(r => Type(r) == NotificationEventTypes.ModsRestarted, "restart for mods", Bound);
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Running && v.StartedAt > server.StartedAt && v.Operation is null, "running again", Bound);
        await CheckModsAsync(server.Id);
        await receiver.WaitForAsync(r => Type(r) == NotificationEventTypes.ModsStuck, "still outdated", Bound);
        using (var stop = await Admin.PostAsync($"/api/servers/{server.Id}/stop", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        }
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Stopped && v.Operation is null, "stopped", Bound);
        await receiver.WaitForAsync(r => Type(r) == NotificationEventTypes.ServerDown, "server down");
        Manager.Services.GetRequiredService<NotificationHub>().Publish(new NotificationEvent(
            NotificationEventTypes.BackupFailed, null, null, "marker", "marker", DateTimeOffset.UtcNow));
        await receiver.WaitForAsync(r => Type(r) == NotificationEventTypes.BackupFailed, "the marker after everything else");

        string?[] expected = ["server.up", "mods.outdated", "mods.restarted", "mods.stuck", "server.down", "backup.failed"];
        Assert.Equal(expected, receiver.Requests.Select(Type));
        Assert.Contains(server.Name, receiver.Requests.First(r => Type(r) == NotificationEventTypes.ModsOutdated).Text, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task PzSim_CrashLoop_OneCrashLoopAlertWithLastLines()
    {
        await using var receiver = await HttpReceiver.StartAsync();
        using (var channel = await Admin.PostAsJsonAsync("/api/notifications/channels", new
        {
            name = "crashes", kind = "webhook", url = receiver.Url("/crash").ToString(), events = new[] { "server.crashed", "server.crash_loop", "backup.failed" },
        }))
        {
            Assert.Equal(HttpStatusCode.Created, channel.StatusCode);
        }
        var server = await CreateRunningPzSimAsync("nc");
        using (var put = await Admin.PutAsJsonAsync($"/api/servers/{server.Id}/config", new UpdateServerRequest(server.Config with
        {
            ExtraEnv = null, CrashRestart = new CrashRestartSettings { Enabled = true, MaxCrashes = 3, WindowMinutes = 10, BackoffSeconds = [1] },
        }, null, null, null, null, null)))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        File.WriteAllText(Path.Combine(server.DataPath, "pz-sim-crash"), "always"); // pz-sim's crash hook

        var loop = await receiver.WaitForAsync(r => Type(r) == NotificationEventTypes.ServerCrashLoop, "the crash-loop alert", Bound);
        Manager.Services.GetRequiredService<NotificationHub>().Publish(new NotificationEvent(
            NotificationEventTypes.BackupFailed, null, null, "marker", "marker", DateTimeOffset.UtcNow));
        await receiver.WaitForAsync(r => Type(r) == NotificationEventTypes.BackupFailed, "the marker");
        Assert.Single(receiver.Requests, r => Type(r) == NotificationEventTypes.ServerCrashLoop);
        Assert.Contains(receiver.Requests, r => Type(r) == NotificationEventTypes.ServerCrashed);
        Assert.Contains("pz-sim crash hook", loop.Text, StringComparison.Ordinal);
        Assert.Contains(server.Name, loop.Text, StringComparison.Ordinal);
    }

    private static string? Type(ReceivedRequest r) => r.Headers.GetValueOrDefault(NotificationPayloads.EventHeader);

    private async Task CheckModsAsync(Guid id)
    {
        using var response = await Admin.PostAsync($"/api/servers/{id}/mod-updates/check", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }
}
