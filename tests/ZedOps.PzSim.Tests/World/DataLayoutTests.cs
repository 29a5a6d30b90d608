using Microsoft.Data.Sqlite;

namespace ZedOps.PzSim.Tests.World;

public sealed class DataLayoutTests : IDisposable
{
    private readonly SimWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public void EnsureDirectories_FirstBoot_RealPzLayout()
    {
        ZedOps.PzSim.World.GeneratedFiles.EnsureLuaFiles(_world.Layout);
        var root = _world.Layout.Root;

        foreach (var path in new[] { "Server/testsrv.ini", "Server/testsrv_SandboxVars.lua", "Server/testsrv_spawnregions.lua",
            "Saves/Multiplayer/testsrv/players.db", "db/testsrv.db", "server-console.txt" })
        {
            Assert.True(File.Exists(Path.Combine(root, path)), path);
        }
        Assert.Single(Directory.GetFiles(Path.Combine(root, "Logs"), "*_DebugLog-server.txt"));
        Assert.StartsWith("SandboxVars = {", File.ReadAllText(_world.Layout.SandboxVarsFile));
    }

    [Fact]
    public void AccountsDb_Schema_HasPzTablesAndColumns()
    {
        _world.Accounts.Add("alice", "pw", "76561198000000001", "admin");
        using var db = new SqliteConnection($"Data Source={_world.Layout.AccountsDb};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT username, accesslevel, admin, banned, steamid FROM whitelist; SELECT COUNT(*) FROM bannedip; SELECT COUNT(*) FROM bannedid;";
        using var reader = command.ExecuteReader();

        Assert.True(reader.Read());
        Assert.Equal(("alice", "admin", true, false, "76561198000000001"),
            (reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetString(4)));
    }

    [Fact]
    public async Task Save_TwoSaves_CounterAndPlayersPersist()
    {
        _world.Sessions.Join("alice");
        await _world.Saver.SaveAsync(_world.Sessions.Online).DefaultTimeout();
        await _world.Saver.SaveAsync(_world.Sessions.Online).DefaultTimeout();

        var reopened = new ZedOps.PzSim.World.WorldSaver(_world.Layout, _world.PlayersDb, TimeProvider.System, TimeSpan.Zero);

        Assert.Equal(2, reopened.SaveCount);
        Assert.Equal(1, _world.PlayersDb.Count());
        Assert.True(File.Exists(Path.Combine(_world.Layout.SaveDir, "map_meta.bin")));
    }

    [Fact]
    public void AttachFiles_SecondStart_RotatesPreviousLog()
    {
        using var second = new ZedOps.PzSim.Console.ServerConsole(new LogCapture(), TimeProvider.System);
        second.AttachFiles(_world.Layout);

        Assert.NotEmpty(Directory.GetDirectories(_world.Layout.LogsDir, "logs_*"));
    }
}
