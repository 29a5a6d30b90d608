using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using ZedOps.Agent.Players;
using ZedOps.Agent.Rcon;
using ZedOps.Agent.Servers;
using ZedOps.Agent.Tests.Servers;
using ZedOps.Protocol.Rcon;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Players;

/// <summary>B42 names nobody on the console: players come only from the <c>players</c> poll.</summary>
[Trait("Category", "Docker")]
public sealed class PlayerWatchB42DockerTests
{
    [DockerFact]
    public async Task PlayerWatch_B42_JoinSeenByAnImmediatePoll()
    {
        await using var h = await ServerHarness.CreateAsync();
        await using var pool = new RconPool(TimeProvider.System, NullLogger<RconPool>.Instance);
        var spec = await h.StartPzSimAsync(("PZ_BUILD", "42"), ("SIM_PLAYERS", "bob@3-8"));
        var reports = new ConcurrentQueue<PlayersReported>();
        // A long interval: bob can only show up before the next round through the poll his nameless join line triggers.
        var watch = new PlayerWatch(new WatchPlayers(spec.ServerId, spec.Name, spec.Rcon!, IntervalSeconds: 300, LeaseSeconds: 600), pool, h.Runtime, TimeProvider.System,
            (r, _) => { reports.Enqueue(r); return ValueTask.CompletedTask; });
        watch.Start();

        var joined = await Eventually.ReturnsAsync(() => Task.FromResult(reports.FirstOrDefault(r => r.Online.Contains("bob"))), r => r is not null, "bob joined");
        watch.Stop();

        Assert.Equal(PlayerSources.Poll, joined!.Source);
        Assert.DoesNotContain(reports, r => r.Source == PlayerSources.Console);
        var (_, logs) = await Processes.RunAsync("docker", ["logs", ServerProvisioner.ContainerName(spec.Name)]);
        Assert.DoesNotContain("bob", logs, StringComparison.Ordinal);
        Assert.Contains("[fully-connected] \"\"", logs, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task PlayerWatch_B42_LeaveDerivedFromSuccessivePolls()
    {
        await using var h = await ServerHarness.CreateAsync();
        await using var pool = new RconPool(TimeProvider.System, NullLogger<RconPool>.Instance);
        var spec = await h.StartPzSimAsync(("PZ_BUILD", "42"), ("SIM_PLAYERS", "alice,bob@0-4"));
        var reports = new ConcurrentQueue<PlayersReported>();
        var watch = new PlayerWatch(new WatchPlayers(spec.ServerId, spec.Name, spec.Rcon!, IntervalSeconds: 1, LeaseSeconds: 60), pool, h.Runtime, TimeProvider.System,
            (r, _) => { reports.Enqueue(r); return ValueTask.CompletedTask; });
        watch.Start();

        await Eventually.ReturnsAsync(() => Task.FromResult(reports.ToList()), r => r.Any(x => x.Online.Contains("bob")), "bob online");
        var last = await Eventually.ReturnsAsync(() => Task.FromResult(reports.Last()), r => r.Online.SequenceEqual(["alice"]), "bob gone");
        watch.Stop();

        Assert.Equal(PlayerSources.Poll, last.Source);
        Assert.True(last.Running);
    }
}
