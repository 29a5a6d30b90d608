using Microsoft.Data.Sqlite;
using ZedOps.Agent.Backups;

namespace ZedOps.Agent.Tests.Backups;

/// <summary>The restore swap and its rollback, and the SQLite check of the restored files, on real directories.</summary>
public sealed class BackupRestoreTests : IDisposable
{
    private const string World = "pz";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "zedops-restore-" + Guid.NewGuid().ToString("N"), "data");

    public BackupRestoreTests() => Directory.CreateDirectory(_data);

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_data)!, recursive: true);

    [Fact]
    public void RollBack_RemovesWhatTheBackupAddedAndPutsBackWhatItReplaced()
    {
        Write(_data, "Server/pz.ini", "live ini");
        var staging = BackupRestore.StagingDir(_data);
        Write(staging, "Server/pz.ini", "restored ini");
        Write(staging, "mods/only-in-backup/mod.info", "a mod the live server never had");
        var steps = new List<string>();

        BackupRestore.Swap(_data, World, steps);
        Assert.Equal("restored ini", Read("Server/pz.ini"));
        Assert.True(BackupRestore.Finish(_data, World, keep: false, steps));

        Assert.Equal("live ini", Read("Server/pz.ini"));
        Assert.False(Directory.Exists(Path.Combine(_data, "mods")), "the backup's mods/ did not exist before the restore");
        Assert.False(Directory.Exists(BackupRestore.AsideDir(_data)));
    }

    [Fact]
    public void Keep_DiscardsTheReplacedFiles()
    {
        Write(_data, "Server/pz.ini", "live ini");
        Write(BackupRestore.StagingDir(_data), "Server/pz.ini", "restored ini");
        var steps = new List<string>();

        BackupRestore.Swap(_data, World, steps);
        Assert.False(BackupRestore.Finish(_data, World, keep: true, steps));

        Assert.Equal("restored ini", Read("Server/pz.ini"));
        Assert.False(Directory.Exists(BackupRestore.AsideDir(_data)));
    }

    [Fact]
    public void SqliteIntegrity_IntactDatabasesPass_ANonDatabaseIsNamed()
    {
        var world = Path.Combine(_data, "Saves", "Multiplayer", World);
        Directory.CreateDirectory(world);
        using (var db = new SqliteConnection($"Data Source={Path.Combine(world, "vehicles.db")};Pooling=False"))
        {
            db.Open();
            using var create = db.CreateCommand();
            create.CommandText = "CREATE TABLE vehicles (id INTEGER PRIMARY KEY, data BLOB); INSERT INTO vehicles (data) VALUES (x'00');";
            create.ExecuteNonQuery();
        }
        Write(_data, "Saves/Multiplayer/pz/players.db", "this is not an SQLite database");

        var problems = SqliteIntegrity.Check(_data, out var checkedFiles);

        Assert.Equal(2, checkedFiles);
        var problem = Assert.Single(problems);
        Assert.StartsWith(Path.Combine("Saves", "Multiplayer", "pz", "players.db") + " fails the SQLite integrity check", problem, StringComparison.Ordinal);
        // Read-only and unpooled: no journal or -shm file is left beside the restored databases.
        Assert.Equal(["players.db", "vehicles.db"], Directory.GetFiles(world).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray());
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private string Read(string relative) => File.ReadAllText(Path.Combine(_data, relative));
}
