using System.Net.Sockets;

namespace ZedOps.PzSim.Tests;

public sealed class SimServerTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly LogCapture _log = new();
    private readonly int _rconPort = FreePort.Tcp();
    private readonly int _gamePort = FreePort.Udp();
    private readonly int _directPort = FreePort.Udp();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("41")]
    [InlineData("42")]
    public async Task RunAsync_Boot_ServerStartedThenRconListensAfterTheDelay(string build)
    {
        var server = Create(bootSeconds: 1.5, rconPassword: "pw", ("PZ_BUILD", build), ("SIM_RCON_DELAY_SECONDS", "1"));
        var run = server.RunAsync();

        await Eventually.TrueAsync(() => _log.ToString().Contains("Loading world"), "the world load to begin");
        await Assert.ThrowsAnyAsync<SocketException>(() => RconTestClient.ConnectAsync(_rconPort));
        await Eventually.TrueAsync(() => _log.ToString().Contains("*** SERVER STARTED ***"), "SERVER STARTED");
        await Assert.ThrowsAnyAsync<SocketException>(() => RconTestClient.ConnectAsync(_rconPort));
        await Eventually.TrueAsync(() => _log.ToString().Contains("RCON: listening"), "RCON to listen");
        await using var client = await RconTestClient.ConnectAsync(_rconPort);
        await client.AuthenticateAsync("pw");
        Assert.Equal("Quit", await client.ExecuteAsync("quit"));

        Assert.Equal(0, await run.DefaultTimeout());
        var log = _log.ToString();
        Assert.True(log.IndexOf("*** SERVER STARTED ***", StringComparison.Ordinal) < log.IndexOf($"RCON: listening on port {_rconPort}", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(_dir.Path, "Saves", "Multiplayer", "simtest", "map_t.bin")));
        Assert.Contains("*** SERVER STARTED ****", File.ReadAllText(Path.Combine(_dir.Path, "server-console.txt")));
    }

    [Fact]
    public async Task RunAsync_NoRconPassword_NoRconListener()
    {
        var server = Create(bootSeconds: 0, rconPassword: "");
        var run = server.RunAsync();

        await Eventually.TrueAsync(() => _log.ToString().Contains("*** SERVER STARTED ***"), "SERVER STARTED");
        await Assert.ThrowsAnyAsync<SocketException>(() => RconTestClient.ConnectAsync(_rconPort));
        server.RequestStop("SIGTERM");

        Assert.Equal(SimServer.KilledBySignal, await run.DefaultTimeout());
        Assert.DoesNotContain("RCON: listening", _log.ToString());
    }

    [Fact]
    public async Task RunAsync_UdpPorts_AnswerProbeWithPong()
    {
        var server = Create(bootSeconds: 0, rconPassword: "");
        var run = server.RunAsync();
        await Eventually.TrueAsync(() => _log.ToString().Contains("RakNet.Startup() return code: 0"), "the UDP ports");

        var game = await FreePort.ProbeUdpAsync(_gamePort);
        var direct = await FreePort.ProbeUdpAsync(_directPort);
        server.RequestStop("SIGTERM");

        Assert.Equal((0x1C, (byte)42), (game[0], game[8]));
        Assert.Equal(0x1C, direct[0]);
        Assert.Equal(SimServer.KilledBySignal, await run.DefaultTimeout());
    }

    [Fact]
    public async Task RequestStop_DuringBootB41_ExitsWithoutAWorld()
    {
        var server = Create(bootSeconds: 600, rconPassword: "pw");
        var run = server.RunAsync();
        await Eventually.TrueAsync(() => _log.ToString().Contains("Loading world"), "the world load to begin");

        server.RequestStop("SIGTERM");

        Assert.Equal(SimServer.KilledBySignal, await run.DefaultTimeout());
        Assert.DoesNotContain("Saving finish", _log.ToString());
        Assert.DoesNotContain("SERVER STARTED", _log.ToString());
        Assert.False(File.Exists(Path.Combine(_dir.Path, "Saves", "Multiplayer", "simtest", "map_t.bin")));
    }

    private SimServer Create(double bootSeconds, string rconPassword, params (string Key, string Value)[] extra)
    {
        var env = new Dictionary<string, string>
        {
            ["ZOMBOID_DATA_DIR"] = _dir.Path, ["SERVER_NAME"] = "simtest", ["BIND_IP"] = "127.0.0.1",
            ["RCON_PASSWORD"] = rconPassword, ["RCON_PORT"] = _rconPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["DEFAULT_PORT"] = _gamePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["UDP_PORT"] = _directPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SIM_BOOT_DELAY_SECONDS"] = bootSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra)
        {
            env[key] = value;
        }
        var settings = SimSettings.Parse(env, out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
        return new SimServer(settings, TimeProvider.System, _log);
    }
}
