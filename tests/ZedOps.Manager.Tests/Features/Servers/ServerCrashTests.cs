using System.Net;
using System.Net.Http.Json;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Tests.Features.Servers;

/// <summary>Crash handling end to end: a real agent process, real pz-sim containers crashed through pz-sim's test hook
/// (a <c>pz-sim-crash</c> file in the data dir). The backoff is 1 s here; its timing is tested on a fake clock in the agent's tests.</summary>
[Trait("Category", "Docker")]
public sealed class ServerCrashTests : PzSimServerTestBase
{
    private static readonly CrashRestartSettings s_fast = new() { Enabled = true, MaxCrashes = 3, WindowMinutes = 10, BackoffSeconds = [1] };

    [DockerFact]
    public async Task Crash_AfterZedOpsRestart_OnlyTheCrashIsReportedAndServerRunsAgain()
    {
        var server = await CreateRunningAsync();
        await SetCrashPolicyAsync(server, s_fast);
        using (var restart = await Admin.PostAsync($"/api/servers/{server.Id}/restart", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        }
        await WaitServerAsync(server.Id, v => v.Status == ServerStatuses.Running && v.Operation is null, "running after the restart");

        await CrashAsync(server, "once");
        var crashes = await WaitCrashesAsync(server.Id, 1);
        var running = await WaitServerAsync(server.Id, v => v.Status == ServerStatuses.Running, "running again after the crash");

        var crash = Assert.Single(crashes);
        Assert.Equal(CrashOutcomes.Restarting, crash.Outcome);
        Assert.Equal(1, crash.ExitCode);
        Assert.Contains(crash.LastLines, l => l.Contains("pz-sim crash hook", StringComparison.Ordinal));
        Assert.Null(running.LastError);
        Assert.Single(await CrashListAsync(server.Id));
        Assert.Single((await AuditAsync(ServerCrashes.CrashAction)).Items, e => e.Target == $"server:{server.Name}");
    }

    [DockerFact]
    public async Task CrashLoop_KCrashesInWindow_FailedWithOneAlertAndLastLines_UserStartCountsAfresh()
    {
        var server = await CreateRunningAsync();
        await SetCrashPolicyAsync(server, s_fast);

        await CrashAsync(server, "always");
        var failed = await WaitServerAsync(server.Id, v => v.Status == ServerStatuses.Failed, "failed after the crash loop");
        var crashes = await WaitCrashesAsync(server.Id, 3);

        Assert.Equal([CrashOutcomes.CrashLoop, CrashOutcomes.Restarting, CrashOutcomes.Restarting], crashes.Select(c => c.Outcome));
        Assert.Equal(3, crashes[0].CrashesInWindow);
        Assert.Contains(crashes[0].LastLines, l => l.Contains("pz-sim crash hook", StringComparison.Ordinal));
        Assert.DoesNotContain(crashes[0].LastLines, l => l.Contains(failed.Secrets!.AdminPassword, StringComparison.Ordinal));
        Assert.Contains("Crash loop", failed.LastError, StringComparison.Ordinal);
        var alert = Assert.Single((await AuditAsync(ServerCrashes.CrashLoopAction)).Items, e => e.Target == $"server:{server.Name}");
        Assert.False(alert.Succeeded);
        Assert.Equal("exited", (await Processes.RunAsync("docker", ["inspect", "-f", "{{.State.Status}}", $"zedops-{server.Name}"])).Output.Trim());

        File.Delete(Path.Combine(server.DataPath, "pz-sim-crash"));
        using (var start = await Admin.PostAsync($"/api/servers/{server.Id}/start", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        }
        await WaitServerAsync(server.Id, v => v.Status == ServerStatuses.Running, "running after the user's start");
        await CrashAsync(server, "once");
        var again = await WaitCrashesAsync(server.Id, 4);

        Assert.Equal((CrashOutcomes.Restarting, 1), (again[0].Outcome, again[0].CrashesInWindow));
        Assert.Single((await AuditAsync(ServerCrashes.CrashLoopAction)).Items, e => e.Target == $"server:{server.Name}");
    }

    private async Task SetCrashPolicyAsync(ServerView server, CrashRestartSettings settings)
    {
        using var response = await Admin.PutAsJsonAsync($"/api/servers/{server.Id}/config",
            new UpdateServerRequest(server.Config with { ExtraEnv = null, CrashRestart = settings }, null, null, null, null, null));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var saved = (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!;
        Assert.False(saved.RestartPending);
    }

    private static Task CrashAsync(ServerView server, string mode) => File.WriteAllTextAsync(Path.Combine(server.DataPath, "pz-sim-crash"), mode);

    private async Task<IReadOnlyList<ServerCrashView>> CrashListAsync(Guid id) =>
        (await Admin.GetFromJsonAsync<List<ServerCrashView>>($"/api/servers/{id}/crashes?limit=50"))!;

    private Task<IReadOnlyList<ServerCrashView>> WaitCrashesAsync(Guid id, int count) =>
        Eventually.ReturnsAsync(() => CrashListAsync(id), c => c.Count >= count, $"{count} crash record(s)", Bound);

    private async Task<AuditPage> AuditAsync(string action) => (await Admin.GetFromJsonAsync<AuditPage>($"/api/audit?action={action}"))!;
}
