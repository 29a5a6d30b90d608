using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;

namespace ZedOps.PzSim.Tests;

/// <summary>Whole-process behaviour that differs by build: boot order, stdin, SIGTERM, and the image's throwaway first run.</summary>
public sealed class SimServerBuildTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly LogCapture _log = new();
    private readonly int _rconPort = FreePort.Tcp();
    private readonly int _gamePort = FreePort.Udp();
    private readonly int _directPort = FreePort.Udp();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RunAsync_B41_RakNetThenServerStartedThenSteamLines()
    {
        var server = new SimServer(Settings("41"), TimeProvider.System, _log);
        var run = server.RunAsync();
        await WaitForAsync("Server Steam ID ");
        server.RequestStop("SIGTERM");
        await run.DefaultTimeout();

        var lines = _log.ToString().Split('\n');
        int At(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        var started = At("*** SERVER STARTED ****");
        Assert.True(At("World loaded") < At("RakNet.Startup() return code: 0") && At("RakNet.Startup()") < started);
        Assert.EndsWith("*** Steam is enabled", lines[started + 1].TrimEnd());
        Assert.EndsWith($"Server is listening on port {_gamePort} (for Steam connection) and port {_directPort} (for UDPRakNet connection)", lines[started + 2].TrimEnd());
        Assert.EndsWith($"Clients should use {_gamePort} port for connections", lines[started + 3].TrimEnd());
        Assert.Matches("Server Steam ID 9011\\d{13}$", lines[started + 4].TrimEnd());
    }

    [Fact]
    public async Task Stdin_SaveThenEof_LoggedAsEnteredSavedThenUnknownEof()
    {
        var server = new SimServer(Settings("41"), TimeProvider.System, _log, new StringReader("save\n"));
        var run = server.RunAsync();

        await WaitForAsync("Unknown command process-status@eof");
        await WaitForAsync("Saving finish");
        server.RequestStop("SIGTERM");
        await run.DefaultTimeout();

        var log = _log.ToString();
        Assert.Contains("command entered via server console (System.in): \"save\"", log);
        Assert.Contains("World saved", log);
        Assert.Equal(2, SaveCount());
    }

    [Fact]
    public async Task Sigterm_B41_ExitsWithoutSaving()
    {
        var server = new SimServer(Settings("41"), TimeProvider.System, _log);
        var run = server.RunAsync();
        await WaitForAsync("*** SERVER STARTED ****");

        server.RequestStop("SIGTERM");

        Assert.Equal(SimServer.KilledBySignal, await run.DefaultTimeout());
        Assert.DoesNotContain("Saving finish", _log.ToString());
        Assert.Equal(1, SaveCount());
    }

    [Fact]
    public async Task Sigterm_B42_SavesThenExitsZero()
    {
        var server = new SimServer(Settings("42"), TimeProvider.System, _log);
        var run = server.RunAsync();
        await WaitForAsync("*** SERVER STARTED ****");

        server.RequestStop("SIGTERM");

        Assert.Equal(0, await run.DefaultTimeout());
        Assert.Contains("Saving finish", _log.ToString());
        Assert.Equal(2, SaveCount());
    }

    [Fact]
    public async Task Sigterm_B41DuringSlowSave_SaveNeverLands()
    {
        var creation = new SimServer(Settings("41"), TimeProvider.System, _log);
        var created = creation.RunAsync();
        await WaitForAsync("*** SERVER STARTED ****");
        creation.RequestStop("SIGTERM");
        await created.DefaultTimeout();
        var server = new SimServer(Settings("41", ("SIM_SAVE_SECONDS", "30")), TimeProvider.System, _log, new StringReader("save\n"));
        var run = server.RunAsync();
        await WaitForAsync("command entered via server console (System.in): \"save\"");

        server.RequestStop("SIGTERM");

        Assert.Equal(SimServer.KilledBySignal, await run.DefaultTimeout());
        Assert.Equal(1, SaveCount());
    }

    [Fact]
    public async Task FirstRunTimeout_FreshDataDir_ThrowawayBootWithoutRconThenRealBoot()
    {
        var launcher = new ImageLauncher(Settings("41", ("SIM_FIRST_RUN_TIMEOUT_SECONDS", "1.5")), TimeProvider.System, _log, null);
        var run = launcher.RunAsync();

        await WaitForAsync("*** SERVER STARTED ****");
        await Assert.ThrowsAnyAsync<SocketException>(() => RconTestClient.ConnectAsync(_rconPort));
        await Eventually.TrueAsync(() => Count("*** SERVER STARTED ****") == 2, "the second, real boot");
        // RCON opens a moment after SERVER STARTED, as on the real server.
        await Eventually.TrueAsync(() => Count("RCON: listening on port") == 1, "RCON listening after the real boot");
        await using (var client = await RconTestClient.ConnectAsync(_rconPort))
        {
            var (_, auth) = await client.AuthenticateAsync("pw");
            Assert.NotEqual(-1, auth.Id);
        }
        launcher.RequestStop("SIGTERM");

        Assert.Equal(SimServer.KilledBySignal, await run.DefaultTimeout());
        Assert.Equal(1, Count("RCON: listening"));
        Assert.Contains("pz-sim: first run done", _log.ToString());
    }

    [Fact]
    public async Task FirstRunTimeout_IniExists_SingleBoot()
    {
        Directory.CreateDirectory(Path.Combine(_dir.Path, "Server"));
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "Server", "simtest.ini"), "PVP=true\n");
        var launcher = new ImageLauncher(Settings("41", ("SIM_FIRST_RUN_TIMEOUT_SECONDS", "0.2")), TimeProvider.System, _log, null);
        var run = launcher.RunAsync();

        await WaitForAsync("RCON: listening");
        launcher.RequestStop("SIGTERM");

        await run.DefaultTimeout();
        Assert.Equal(1, Count("*** SERVER STARTED ****"));
    }

    private int Count(string text) => _log.ToString().Split(text).Length - 1;

    private Task WaitForAsync(string text) => Eventually.TrueAsync(() => _log.ToString().Contains(text, StringComparison.Ordinal), $"'{text}' in the log");

    private int SaveCount() => BinaryPrimitives.ReadInt32BigEndian(
        File.ReadAllBytes(Path.Combine(_dir.Path, "Saves", "Multiplayer", "simtest", "map_t.bin")).AsSpan(8));

    private SimSettings Settings(string build, params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string>
        {
            ["ZOMBOID_DATA_DIR"] = _dir.Path, ["SERVER_NAME"] = "simtest", ["BIND_IP"] = "127.0.0.1", ["PZ_BUILD"] = build,
            ["RCON_PASSWORD"] = "pw", ["RCON_PORT"] = _rconPort.ToString(CultureInfo.InvariantCulture),
            ["DEFAULT_PORT"] = _gamePort.ToString(CultureInfo.InvariantCulture),
            ["UDP_PORT"] = _directPort.ToString(CultureInfo.InvariantCulture),
            ["SIM_BOOT_DELAY_SECONDS"] = "0.1",
        };
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }
        return SimSettings.Parse(env, out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
    }
}
