using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Mods;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Tests.Features.Mods;

/// <summary>The Workshop mod watch against a real pz-sim server: PZ's answer is read from its console
/// (<c>CheckModsNeedUpdate: Mods need update</c>), the server restarts once, a mod still outdated after that restart is
/// reported once and not restarted again, and "notify only" never restarts.</summary>
[Trait("Category", "Docker")]
public sealed class ModUpdateWatchDockerTests : ManagerWithAgentTestBase
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    private Task<ModUpdatesView> WaitStateAsync(Guid id, Func<ModUpdatesView, bool> done, string what) =>
        Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ModUpdatesView>($"/api/servers/{id}/mod-updates"))!, done, what, Bound);

    private async Task<List<AuditEventView>> AuditAsync(string action) =>
        [.. (await Admin.GetFromJsonAsync<AuditPage>($"/api/audit?action={action}"))!.Items];

    private async Task CheckAsync(Guid id)
    {
        using var response = await Admin.PostAsync($"/api/servers/{id}/mod-updates/check", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private static void SetModsAnswer(ServerView server, string answer) =>
        File.WriteAllText(Path.Combine(server.DataPath, "pz-sim-mods-need-update"), answer); // pz-sim's override file (its README)

    [DockerFact]
    public async Task ModsNeedUpdate_RestartsOnce_StillOutdatedIsReportedNotLooped_UpToDateClears()
    {
        var server = await CreateRunningPzSimAsync("mw");
        using (var put = await Admin.PutAsJsonAsync($"/api/servers/{server.Id}/mod-updates", new ModUpdatePolicy { WarningMinutes = 0 }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        SetModsAnswer(server, "true");

        await CheckAsync(server.Id);

        await WaitStateAsync(server.Id, v => v.State.RestartedForModsAt is not null, "a restart for the mods");
        var restarted = await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Running && v.StartedAt > server.StartedAt && v.Operation is null, "running again after the restart", Bound);
        Assert.Single(await AuditAsync("server.mods.restart"));

        await CheckAsync(server.Id);

        var stuck = await WaitStateAsync(server.Id, v => v.State.StuckReported, "still outdated reported");
        Assert.Equal(ModsCheckResults.NeedUpdate, stuck.State.LastResult);
        Assert.Single(await AuditAsync("server.mods.stuck"));
        await CheckAsync(server.Id);
        await WaitStateAsync(server.Id, v => v.State.LastResultAt > stuck.State.LastResultAt, "a third answer");
        Assert.Single(await AuditAsync("server.mods.restart"));
        Assert.Single(await AuditAsync("server.mods.stuck"));
        Assert.Equal(restarted.StartedAt, (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!.StartedAt);

        SetModsAnswer(server, "false");
        await CheckAsync(server.Id);

        var cleared = await WaitStateAsync(server.Id, v => v.State.LastResult == ModsCheckResults.UpToDate, "mods up to date");
        Assert.False(cleared.State.StuckReported);
        Assert.Null(cleared.State.RestartedForModsAt);
    }

    [DockerFact]
    public async Task NotifyOnly_ReportsWithoutRestart()
    {
        var server = await CreateRunningPzSimAsync("mn");
        using (var put = await Admin.PutAsJsonAsync($"/api/servers/{server.Id}/mod-updates", new ModUpdatePolicy { Action = ModUpdateActions.NotifyOnly }))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
        SetModsAnswer(server, "true");

        await CheckAsync(server.Id);

        await WaitStateAsync(server.Id, v => v.State.LastResult == ModsCheckResults.NeedUpdate, "the answer");
        var outdated = Assert.Single(await AuditAsync("server.mods.outdated"));
        Assert.Contains("notify only", outdated.Details, StringComparison.Ordinal);
        Assert.Empty(await AuditAsync("server.mods.restart"));
        Assert.Equal(server.StartedAt, (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!.StartedAt);
    }

    [DockerFact]
    public async Task BadPolicy_RefusedNamingTheField_CheckOfAStoppedServerRefused()
    {
        var server = await CreateRunningPzSimAsync("mb");

        using var bad = await Admin.PutAsJsonAsync($"/api/servers/{server.Id}/mod-updates", new { enabled = true, intervalMinutes = 0, action = "reboot", warningMinutes = 5, emptyWaitMinutes = 60 });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = (await bad.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Contains("intervalMinutes must be 1 to 1440", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("got 'reboot'", problem.Detail, StringComparison.Ordinal);
        using (var stop = await Admin.PostAsync($"/api/servers/{server.Id}/stop", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        }
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Stopped && v.Operation is null, "stopped", Bound);
        using var check = await Admin.PostAsync($"/api/servers/{server.Id}/mod-updates/check", null);
        Assert.Equal(HttpStatusCode.Conflict, check.StatusCode);
        Assert.Contains("needs a running server", (await check.Content.ReadFromJsonAsync<ProblemDetails>())!.Detail, StringComparison.Ordinal);
    }
}
