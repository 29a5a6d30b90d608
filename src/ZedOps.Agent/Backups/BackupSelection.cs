namespace ZedOps.Agent.Backups;

/// <summary>What of a server's data directory (PZ's <c>-cachedir</c>) a backup holds: everything the game's own
/// backup covers for that world — never the game install, logs or the game's own backup zips.</summary>
public static class BackupSelection
{
    public static IReadOnlyList<string> For(string world) =>
    [
        "Server",
        Path.Combine("db", world + ".db"),
        "Lua",
        "mods",
        Path.Combine("Saves", "Multiplayer", world),
    ];
}
