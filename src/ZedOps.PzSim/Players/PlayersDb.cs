using Microsoft.Data.Sqlite;

namespace ZedOps.PzSim.Players;

/// <summary>Saves/Multiplayer/&lt;name&gt;/players.db: the characters, in B41's <c>networkPlayers</c> table.</summary>
internal sealed class PlayersDb : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly string _world;

    private PlayersDb(SqliteConnection db, string world)
    {
        _db = db;
        _world = world;
    }

    public static PlayersDb Open(string path, string world)
    {
        var db = SqliteFile.Open(path);
        db.Exec("""
            CREATE TABLE IF NOT EXISTS networkPlayers (id INTEGER PRIMARY KEY AUTOINCREMENT, world TEXT, username TEXT, playerIndex INTEGER,
              name TEXT, steamid TEXT, x FLOAT, y FLOAT, z FLOAT, worldversion INTEGER, isDead BOOLEAN, data BLOB);
            CREATE TABLE IF NOT EXISTS localPlayers (id INTEGER PRIMARY KEY AUTOINCREMENT, name STRING, wx INTEGER, wy INTEGER,
              x FLOAT, y FLOAT, z FLOAT, worldversion INTEGER, data BLOB, isDead BOOLEAN);
            """);
        return new PlayersDb(db, world);
    }

    /// <summary>vehicles.db sits next to players.db; the simulator has no vehicles, only the file.</summary>
    public static void EnsureVehiclesDb(string path)
    {
        using var db = SqliteFile.Open(path);
        db.Exec("CREATE TABLE IF NOT EXISTS vehicles (id INTEGER PRIMARY KEY, wx INTEGER, wy INTEGER, x FLOAT, y FLOAT, worldversion INTEGER, data BLOB)");
    }

    public void Save(OnlinePlayer player, int worldVersion)
    {
        var data = new byte[256 + (player.Name.Length * 8)];
        System.Text.Encoding.UTF8.GetBytes(player.Name, data);
        var updated = _db.Exec("""
            UPDATE networkPlayers SET x = $x, y = $y, z = $z, worldversion = $v, data = $d, steamid = $s WHERE world = $w AND username = $u
            """, ("$x", player.X), ("$y", player.Y), ("$z", player.Z), ("$v", worldVersion), ("$d", data), ("$s", player.SteamId),
            ("$w", _world), ("$u", player.Name));
        if (updated == 0)
        {
            _db.Exec("""
                INSERT INTO networkPlayers (world, username, playerIndex, name, steamid, x, y, z, worldversion, isDead, data)
                VALUES ($w, $u, 0, $u, $s, $x, $y, $z, $v, false, $d)
                """, ("$w", _world), ("$u", player.Name), ("$s", player.SteamId), ("$x", player.X), ("$y", player.Y), ("$z", player.Z),
                ("$v", worldVersion), ("$d", data));
        }
    }

    public long Count() => (long)(_db.Scalar("SELECT COUNT(*) FROM networkPlayers") ?? 0L);

    public void Dispose() => _db.Dispose();
}
