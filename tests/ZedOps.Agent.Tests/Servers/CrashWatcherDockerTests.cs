using Microsoft.Extensions.Time.Testing;
using ZedOps.Agent.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Servers;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Servers;

/// <summary>Crash handling against a real pz-sim container crashed through its test hook, with the watcher on a fake clock.</summary>
[Trait("Category", "Docker")]
public sealed class CrashWatcherDockerTests
{
    [DockerFact]
    public async Task Crash_PzSimDiesOnItsOwn_ReportedWithLinesAndRestartedOnlyAfterBackoff()
    {
        await using var h = await ServerHarness.CreateAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        h.WatchCrashes(time);
        var spec = await h.StartPzSimAsync();
        var container = ServerProvisioner.ContainerName(spec.Name);

        await File.WriteAllTextAsync(Path.Combine(h.DataDir(spec.Name), "pz-sim-crash"), "once");
        var crash = await WaitCrashAsync(h, spec.ServerId, 1);

        Assert.Equal(CrashOutcomes.Restarting, crash.Outcome);
        Assert.Equal(1, crash.ExitCode);
        Assert.Equal(1, crash.CrashesInWindow);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(10), crash.RestartAt);
        Assert.Contains(crash.LastLines, l => l.Text.Contains("pz-sim crash hook", StringComparison.Ordinal));
        Assert.InRange(crash.LastLines.Count, 2, CrashWatcher.ConsoleLines);
        Assert.Equal(ContainerStates.Exited, (await h.Runtime.InspectAsync(container, CancellationToken.None))!.State);

        var start = time.GetUtcNow();
        await Eventually.ReturnsAsync(async () =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return await h.Runtime.InspectAsync(container, CancellationToken.None);
        }, c => c?.State == ContainerStates.Running, "restarted after the backoff");
        Assert.True(time.GetUtcNow() - start >= TimeSpan.FromSeconds(10), $"restarted after {time.GetUtcNow() - start} of fake time");
        Assert.Single(h.Crashes);
    }

    [DockerFact]
    public async Task Stop_ByZedOpsOrByHand_IsNotACrash()
    {
        await using var h = await ServerHarness.CreateAsync();
        h.WatchCrashes(new FakeTimeProvider(DateTimeOffset.UtcNow));
        var spec = await h.StartPzSimAsync();
        var container = ServerProvisioner.ContainerName(spec.Name);

        await h.Manager.RequestAsync(Requests.StopServer, new StopServer(spec.ServerId, spec.Name, spec.Rcon, 30)).DefaultTimeout();
        await h.Manager.RequestAsync(Requests.StartServer, new StartServer(spec)).DefaultTimeout();
        await h.WaitReadyAsync(spec.ServerId, count: 2);
        await h.Manager.RequestAsync(Requests.KillServer, new KillServer(spec.ServerId, spec.Name)).DefaultTimeout();
        await h.Manager.RequestAsync(Requests.StartServer, new StartServer(spec)).DefaultTimeout();
        await h.WaitReadyAsync(spec.ServerId, count: 3);
        await DockerTestContainers.DockerCliAsync("stop", "-t", "5", container);
        await DockerTestContainers.DockerCliAsync("start", container);
        // A real crash last: Docker's events arrive in order, so any stop taken for a crash would have been reported first.
        await Eventually.ReturnsAsync(() => h.Runtime.InspectAsync(container, CancellationToken.None), c => c?.State == ContainerStates.Running, "running again");
        await File.WriteAllTextAsync(Path.Combine(h.DataDir(spec.Name), "pz-sim-crash"), "once");
        var crash = await WaitCrashAsync(h, spec.ServerId, 1);

        Assert.Equal(1, crash.ExitCode);
        Assert.Equal(1, crash.CrashesInWindow);
        Assert.Single(h.Crashes);
    }

    [DockerFact]
    public async Task Crash_ManagerUnreachable_RestartedAnywayAndReportedOnReconnect()
    {
        await using var h = await ServerHarness.CreateAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        h.WatchCrashes(time);
        var spec = await h.StartPzSimAsync();
        var container = ServerProvisioner.ContainerName(spec.Name);
        var firstStart = (await h.Runtime.InspectAsync(container, CancellationToken.None))!.StartedAt;

        h.Channel.Detach();
        await File.WriteAllTextAsync(Path.Combine(h.DataDir(spec.Name), "pz-sim-crash"), "once");
        await Eventually.ReturnsAsync(async () =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return await h.Runtime.InspectAsync(container, CancellationToken.None);
        }, c => c is { State: ContainerStates.Running } && c.StartedAt != firstStart, "restarted while the manager was unreachable");
        Assert.Empty(h.Crashes);

        h.Channel.Attach(h.AgentConnection);
        var crash = await WaitCrashAsync(h, spec.ServerId, 1);

        Assert.True(crash.Replayed);
        Assert.Equal((CrashOutcomes.Restarting, 1), (crash.Outcome, crash.ExitCode));
        Assert.Contains(crash.LastLines, l => l.Text.Contains("pz-sim crash hook", StringComparison.Ordinal));
    }

    private static async Task<ServerCrashed> WaitCrashAsync(ServerHarness h, Guid serverId, int count)
    {
        var crashes = await Eventually.ReturnsAsync(() => Task.FromResult(h.Crashes.Where(c => c.ServerId == serverId).ToList()),
            c => c.Count >= count, $"{count} crash report(s)");
        return crashes[count - 1];
    }
}
