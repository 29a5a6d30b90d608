using System.Buffers.Binary;
using Microsoft.Data.Sqlite;

namespace ZedOps.PzSim.Tests.Docker;

[Trait("Category", "Docker")]
public sealed class PzSimContainerTests(PzSimImageFixture image) : IClassFixture<PzSimImageFixture>
{
    private readonly PzSimImageFixture _image = image;

    [DockerFact]
    public async Task Players_ScheduledJoinsAndLeaves_ReflectedOverPublishedRcon()
    {
        // Wide windows (bob is online for 9 s, carol stays) keep this independent of how loaded the machine is.
        await using var container = await PzSimContainer.StartAsync(new Dictionary<string, string> { ["SIM_PLAYERS"] = "alice@0,bob@1-10,carol@11" });
        await using var rcon = await container.ConnectRconAsync();

        await Eventually.ReturnsAsync(() => rcon.ExecuteAsync("players"), p => p == "Players connected (2): \n-alice\n-bob\n", "alice and bob online");
        await Eventually.ReturnsAsync(() => rcon.ExecuteAsync("players"), p => p == "Players connected (2): \n-alice\n-carol\n", "bob gone, carol in");

        var log = await container.LogsAsync();
        Assert.Contains("ConnectionManager: [fully-connected] \"\" connection: guid=", log);
        Assert.Contains("username=\"bob\" connection-type=\"UDPRakNet\"", log);
        Assert.Matches("Disconnected player \"bob\" 7656119\\d{10}", log);
        Assert.Contains("RCON: listening on port 27015", log);
    }

    [DockerFact]
    public async Task Quit_OverRcon_SavesToBindMountAndExitsZero()
    {
        await using var container = await PzSimContainer.StartAsync(new Dictionary<string, string> { ["SIM_PLAYERS"] = "alice" });
        await using (var rcon = await container.ConnectRconAsync())
        {
            await Eventually.ReturnsAsync(() => rcon.ExecuteAsync("players"), p => p.Contains("-alice\n", StringComparison.Ordinal), "alice online");
            Assert.Equal("Quit", await rcon.ExecuteAsync("quit"));
        }

        Assert.Equal(0, await container.WaitForExitAsync());
        var save = Path.Combine(container.DataDir, "Saves", "Multiplayer", "servertest");
        Assert.Equal(2, SaveCount(save));
        Assert.Equal(1L, Scalar(Path.Combine(save, "players.db"), "SELECT COUNT(*) FROM networkPlayers WHERE username = 'alice'"));
        Assert.Equal(1L, Scalar(Path.Combine(container.DataDir, "db", "servertest.db"), "SELECT COUNT(*) FROM whitelist WHERE username = 'admin' AND accesslevel = 'admin'"));
        Assert.Contains($"RCONPassword={PzSimContainer.RconPassword}\n", File.ReadAllText(Path.Combine(container.DataDir, "Server", "servertest.ini")));
        Assert.True(File.Exists(Path.Combine(container.DataDir, "Server", "servertest_SandboxVars.lua")));
        Assert.Contains("*** SERVER STARTED ****", File.ReadAllText(Path.Combine(container.DataDir, "server-console.txt")));
    }

    [DockerFact]
    public async Task DockerStop_B42SlowSave_SavesBeforeExitingZero()
    {
        await using var container = await PzSimContainer.StartAsync(new Dictionary<string, string> { ["SIM_SAVE_SECONDS"] = "1.5", ["PZ_BUILD"] = "42" });
        await container.WaitForLogAsync("*** SERVER STARTED ***");

        await Cli.DockerAsync("stop", "-t", "20", container.Name);

        Assert.Equal(0, await container.WaitForExitAsync());
        var log = await container.LogsAsync();
        Assert.Contains("Quitting: SIGTERM", log);
        Assert.Contains("Saving finish", log);
        Assert.Equal(2, SaveCount(Path.Combine(container.DataDir, "Saves", "Multiplayer", "servertest")));
    }

    [DockerFact]
    public async Task DockerStop_B41_ExitsWithoutSaving()
    {
        await using var container = await PzSimContainer.StartAsync();
        await container.WaitForLogAsync("*** SERVER STARTED ***");

        await Cli.DockerAsync("stop", "-t", "20", container.Name);

        Assert.Equal(143, await container.WaitForExitAsync());
        Assert.DoesNotContain("Saving finish", await container.LogsAsync());
        Assert.Equal(1, SaveCount(Path.Combine(container.DataDir, "Saves", "Multiplayer", "servertest")));
    }

    [DockerFact]
    public async Task Auth_WrongPassword_RefusedAndClosed()
    {
        await using var container = await PzSimContainer.StartAsync();
        await container.WaitForLogAsync("RCON: listening on port");
        await using var client = await RconTestClient.ConnectAsync(container.RconPort);

        var (_, auth) = await client.AuthenticateAsync("wrong");

        Assert.Equal(-1, auth.Id);
        Assert.True(await client.IsClosedByServerAsync());
        await container.WaitForLogAsync("RCON: password doesn't match");
    }

    [DockerFact]
    public async Task Connect_SixthConnection_ClosedImmediately()
    {
        await using var container = await PzSimContainer.StartAsync();
        var clients = new List<RconTestClient>();
        for (var i = 0; i < 5; i++)
        {
            clients.Add(await container.ConnectRconAsync());
        }

        await using (var sixth = await RconTestClient.ConnectAsync(container.RconPort))
        {
            Assert.True(await sixth.IsClosedByServerAsync());
        }
        foreach (var client in clients)
        {
            Assert.StartsWith("Players connected (0)", await client.ExecuteAsync("players"));
            await client.DisposeAsync();
        }
    }

    [DockerFact]
    public async Task GamePort_PublishedUdp_AnswersProbe()
    {
        await using var container = await PzSimContainer.StartAsync();
        await container.WaitForLogAsync("RakNet.Startup() return code: 0");

        var pong = await FreePort.ProbeUdpAsync(container.GamePort);

        Assert.Equal(0x1C, pong[0]);
    }

    private static int SaveCount(string saveDir) => BinaryPrimitives.ReadInt32BigEndian(File.ReadAllBytes(Path.Combine(saveDir, "map_t.bin")).AsSpan(8));

    private static object? Scalar(string dbPath, string sql)
    {
        using var db = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
