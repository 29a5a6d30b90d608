using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using ZedOps.Agent.Players;
using ZedOps.Agent.Rcon;
using ZedOps.Agent.Tests.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Rcon;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Rcon;

/// <summary>The RCON pool and player watch against pz-sim in real Docker.</summary>
[Trait("Category", "Docker")]
public sealed class RconDockerTests
{
    [DockerFact]
    public async Task Execute_PzSim_RepliesAndRefusalsAreTypedErrors()
    {
        await using var h = await ServerHarness.CreateAsync();
        await using var pool = new RconPool(TimeProvider.System, NullLogger<RconPool>.Instance);
        var spec = await StartAsync(h, ("SIM_PLAYERS", "alice,bob"));
        var rcon = new RconCommands(pool, h.Runtime, TimeProvider.System);

        await Eventually.ReturnsAsync(() => PlayersAsync(rcon, spec), p => p.Count == 2, "alice and bob online");
        Assert.Equal("Message sent.", (await Run(rcon, spec, "servermsg \"restart soon\"")).Reply.Trim());
        Assert.Equal(ErrorCodes.RconUnknownCommand, (await Refused(rcon, spec, "nosuchcommand")).Code);
        Assert.Equal(ErrorCodes.RconWrongArguments, (await Refused(rcon, spec, "setaccesslevel \"alice\" boss")).Code);
        Assert.Equal(ErrorCodes.RconUserNotFound, (await Refused(rcon, spec, "kickuser \"nobody\"")).Code);

        Assert.Contains("kicked", (await Run(rcon, spec, "kickuser \"bob\" -r \"afk\"")).Reply, StringComparison.Ordinal);
        Assert.Equal(["alice"], await PlayersAsync(rcon, spec));
        Assert.Contains("now banned", (await Run(rcon, spec, "banuser \"alice\"")).Reply, StringComparison.Ordinal);
        Assert.Empty(await PlayersAsync(rcon, spec));
        Assert.Contains("un-banned", (await Run(rcon, spec, "unbanuser \"alice\"")).Reply, StringComparison.Ordinal);
        Assert.Equal(1, pool.OpenConnections);
    }

    [DockerFact]
    public async Task Execute_ConcurrentCommands_OneConnectionEachReplyMatches()
    {
        await using var h = await ServerHarness.CreateAsync();
        await using var pool = new RconPool(TimeProvider.System, NullLogger<RconPool>.Instance);
        var spec = await StartAsync(h, ("SIM_PLAYERS", "alice"));
        var rcon = new RconCommands(pool, h.Runtime, TimeProvider.System);
        // Readiness itself probes RCON once; count only the connections the commands open.
        var before = (await Processes.RunAsync("docker", ["logs", $"zedops-{spec.Name}"])).Output.Split("RCON: new connection").Length - 1;

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            (i, (await Run(rcon, spec, i % 2 == 0 ? "players" : $"servermsg \"n{i}\"")).Reply))));

        Assert.All(replies, r => Assert.StartsWith(r.i % 2 == 0 ? "Players connected (1)" : "Message sent.", r.Reply, StringComparison.Ordinal));
        var log = (await Processes.RunAsync("docker", ["logs", $"zedops-{spec.Name}"])).Output;
        Assert.Equal(1, log.Split("RCON: new connection").Length - 1 - before);
    }

    [DockerFact]
    public async Task Execute_WhileBootingOrDisabled_RconUnavailableWithReason()
    {
        await using var h = await ServerHarness.CreateAsync();
        await using var pool = new RconPool(TimeProvider.System, NullLogger<RconPool>.Instance);
        var spec = await h.PzSimSpecAsync();
        spec = spec with { Env = new Dictionary<string, string>(spec.Env) { ["SIM_BOOT_DELAY_SECONDS"] = "60" } };
        await h.Manager.RequestAsync(Requests.CreateServer, new CreateServer(spec, Start: true)).DefaultTimeout();
        var rcon = new RconCommands(pool, h.Runtime, TimeProvider.System);

        var booting = await Refused(rcon, spec, "players");
        var disabled = await Assert.ThrowsAsync<WireRequestException>(async () =>
            await rcon.ExecuteAsync(new ExecuteRcon(spec.ServerId, spec.Name, null, "players", 5), CancellationToken.None));

        Assert.Equal(ErrorCodes.RconUnavailable, booting.Code);
        Assert.Contains("after the world has loaded", booting.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.RconUnavailable, disabled.Code);
        Assert.Contains("disabled", disabled.Message, StringComparison.Ordinal);
    }

    [DockerFact]
    public async Task Execute_ServerDiesMidCommand_FailsTypedThenReconnectsAfterRestart()
    {
        await using var h = await ServerHarness.CreateAsync();
        await using var pool = new RconPool(TimeProvider.System, NullLogger<RconPool>.Instance);
        var spec = await StartAsync(h, ("SIM_RCON_UTF8_BUG", "true"), ("SIM_PLAYERS", "Zoë"));
        var rcon = new RconCommands(pool, h.Runtime, TimeProvider.System);
        await Run(rcon, spec, "servermsg \"hello\"");

        // PZ's reply-buffer bug: a reply with non-ASCII text is never sent, and `players` goes without a marker (PZ keeps
        // it out of its log), so this command is pending when the container dies.
        var pending = Refused(rcon, spec, "players", timeoutSeconds: 120);
        await h.Manager.RequestAsync(Requests.KillServer, new KillServer(spec.ServerId, spec.Name)).DefaultTimeout();
        var died = await pending.DefaultTimeout();

        Assert.Equal(ErrorCodes.RconUnavailable, died.Code);
        await h.Manager.RequestAsync(Requests.StartServer, new StartServer(spec)).DefaultTimeout();
        await h.WaitReadyAsync(spec.ServerId, count: 2);
        Assert.Equal("Message sent.", (await Run(rcon, spec, "servermsg \"back\"")).Reply);
    }

    [DockerFact]
    public async Task PlayerWatch_SimulatedJoinsAndLeaves_ReportsTheChanges()
    {
        await using var h = await ServerHarness.CreateAsync();
        await using var pool = new RconPool(TimeProvider.System, NullLogger<RconPool>.Instance);
        var spec = await StartAsync(h, ("SIM_PLAYERS", "alice,bob@1-3"));
        var reports = new ConcurrentQueue<PlayersReported>();
        var watch = new PlayerWatch(new WatchPlayers(spec.ServerId, spec.Name, spec.Rcon!, IntervalSeconds: 30, LeaseSeconds: 60), pool, h.Runtime, TimeProvider.System,
            (r, _) => { reports.Enqueue(r); return ValueTask.CompletedTask; });
        watch.Start();

        await Eventually.ReturnsAsync(() => Task.FromResult(reports.ToList()), r => r.Any(x => x.Online.Contains("bob")), "bob joined");
        var last = await Eventually.ReturnsAsync(() => Task.FromResult(reports.Last()), r => r.Online.SequenceEqual(["alice"]), "bob left");
        watch.Stop();

        Assert.Equal(PlayerSources.Console, last.Source);
        Assert.True(last.Running);
    }

    internal static async Task<ServerSpec> StartAsync(ServerHarness h, params (string Key, string Value)[] env)
    {
        var spec = await h.PzSimSpecAsync();
        var vars = new Dictionary<string, string>(spec.Env);
        foreach (var (key, value) in env)
        {
            vars[key] = value;
        }
        spec = spec with { Env = vars };
        await h.Manager.RequestAsync(Requests.CreateServer, new CreateServer(spec, Start: true)).DefaultTimeout();
        await h.WaitReadyAsync(spec.ServerId);
        return spec;
    }

    internal static async Task<ExecuteRconResult> Run(RconCommands rcon, ServerSpec spec, string command) =>
        await rcon.ExecuteAsync(new ExecuteRcon(spec.ServerId, spec.Name, spec.Rcon, command, 10), CancellationToken.None).AsTask().DefaultTimeout();

    private static async Task<IReadOnlyList<string>> PlayersAsync(RconCommands rcon, ServerSpec spec) =>
        PlayerLines.ParsePlayers((await Run(rcon, spec, "players")).Reply)!;

    internal static async Task<WireRequestException> Refused(RconCommands rcon, ServerSpec spec, string command, int timeoutSeconds = 10) =>
        await Assert.ThrowsAsync<WireRequestException>(async () =>
            await rcon.ExecuteAsync(new ExecuteRcon(spec.ServerId, spec.Name, spec.Rcon, command, timeoutSeconds), CancellationToken.None));
}
