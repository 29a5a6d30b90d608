using System.Text;
using Microsoft.Data.Sqlite;

namespace ZedOps.PzSim.Players;

/// <summary>
/// db/&lt;name&gt;.db, PZ's account database: every account lives in <c>whitelist</c> (with <c>banned</c> and
/// <c>accesslevel</c> columns), IP bans in <c>bannedip</c>, Steam-ID bans in <c>bannedid</c>. Same tables and columns as B41.
/// </summary>
internal sealed class AccountsDb : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly string _world;

    private AccountsDb(SqliteConnection db, string world)
    {
        _db = db;
        _world = world;
    }

    public static AccountsDb Open(string path, string world)
    {
        var db = SqliteFile.Open(path);
        db.Exec($"""
            CREATE TABLE IF NOT EXISTS whitelist (id INTEGER PRIMARY KEY NOT NULL, world TEXT DEFAULT '{world.Replace("'", "''", StringComparison.Ordinal)}',
              username TEXT, password TEXT, admin BOOLEAN DEFAULT false, moderator BOOLEAN DEFAULT false, banned BOOLEAN DEFAULT false,
              priority BOOLEAN DEFAULT false, lastConnection TEXT, encryptedPwd BOOLEAN DEFAULT false, pwdEncryptType INTEGER DEFAULT 1,
              steamid TEXT, ownerid TEXT, accesslevel TEXT, transactionID INTEGER DEFAULT 0, displayName TEXT);
            CREATE TABLE IF NOT EXISTS bannedip (ip TEXT NOT NULL, username TEXT, reason TEXT);
            CREATE TABLE IF NOT EXISTS bannedid (steamid TEXT NOT NULL, reason TEXT);
            """);
        return new AccountsDb(db, world);
    }

    public bool Exists(string username) => Count("SELECT COUNT(*) FROM whitelist WHERE username = $u", username) > 0;

    /// <summary>PZ's containsCaseinsensitiveUser, which <c>adduser</c> checks.</summary>
    public bool ExistsIgnoringCase(string username) => Count("SELECT COUNT(*) FROM whitelist WHERE username = $u COLLATE NOCASE", username) > 0;

    /// <summary>An approximation of ServerWorldDatabase.isValidUserName: not blank, no surrounding spaces, no quotes or control characters.</summary>
    public static bool IsValidUserName(string username) =>
        username.Length is > 0 and <= 64 && username.Trim() == username && !username.Any(c => c == '"' || char.IsControl(c));

    /// <summary>Adds the account when missing; returns false when it already existed.</summary>
    public bool Add(string username, string password, string? steamId, string accessLevel = "")
    {
        if (Exists(username))
        {
            return false;
        }
        _db.Exec("""
            INSERT INTO whitelist (world, username, password, encryptedPwd, pwdEncryptType, steamid, ownerid, accesslevel, admin, displayName)
            VALUES ($w, $u, $p, true, 2, $s, $s, $a, $admin, $u)
            """, ("$w", _world), ("$u", username), ("$p", Hash(password)), ("$s", steamId), ("$a", accessLevel), ("$admin", accessLevel == "admin"));
        return true;
    }

    public bool Remove(string username) => _db.Exec("DELETE FROM whitelist WHERE username = $u", ("$u", username)) > 0;

    public bool SetBanned(string username, bool banned) =>
        _db.Exec("UPDATE whitelist SET banned = $b WHERE username = $u", ("$b", banned), ("$u", username)) > 0;

    public void BanIp(string ip, string username, string reason) =>
        _db.Exec("INSERT INTO bannedip (ip, username, reason) VALUES ($ip, $u, $r)", ("$ip", ip), ("$u", username), ("$r", reason));

    public void UnbanIps(string username) => _db.Exec("DELETE FROM bannedip WHERE username = $u", ("$u", username));

    public bool IsBanned(string username, string steamId) =>
        Count("SELECT COUNT(*) FROM whitelist WHERE username = $u AND banned", username) > 0
        || Count("SELECT COUNT(*) FROM bannedip WHERE username = $u", username) > 0
        || Count("SELECT COUNT(*) FROM bannedid WHERE steamid = $u", steamId) > 0;

    public bool SetAccessLevel(string username, string level) =>
        _db.Exec("UPDATE whitelist SET accesslevel = $a, admin = $admin, moderator = $mod WHERE username = $u",
            ("$a", level), ("$admin", level == "admin"), ("$mod", level == "moderator"), ("$u", username)) > 0;

    public string AccessLevel(string username) => _db.Scalar("SELECT accesslevel FROM whitelist WHERE username = $u", ("$u", username)) as string ?? "";

    public void Touch(string username, DateTimeOffset when) =>
        _db.Exec("UPDATE whitelist SET lastConnection = $t WHERE username = $u", ("$t", when.ToString("dd-MM-yyyy HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)), ("$u", username));

    public void Dispose() => _db.Dispose();

    private long Count(string sql, string value) => (long)(_db.Scalar(sql, ("$u", value)) ?? 0L);

    // Not PZ's hash, only a non-plaintext value for the column. No System.Security.Cryptography: on Linux it
    // loads OpenSSL, which the minimal image does not carry.
    public static string Hash(string password)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(password))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
