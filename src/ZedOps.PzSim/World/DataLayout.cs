namespace ZedOps.PzSim.World;

/// <summary>The real PZ data dir layout (the <c>-cachedir</c>, ~/Zomboid by default) for one <c>-servername</c>.</summary>
internal sealed class DataLayout(string root, string serverName)
{
    public string Root { get; } = Path.GetFullPath(root);
    public string ServerName { get; } = serverName;
    public string ServerDir => Path.Combine(Root, "Server");
    public string IniFile => Path.Combine(ServerDir, ServerName + ".ini");
    public string SandboxVarsFile => Path.Combine(ServerDir, ServerName + "_SandboxVars.lua");
    public string SpawnRegionsFile => Path.Combine(ServerDir, ServerName + "_spawnregions.lua");
    public string SaveDir => Path.Combine(Root, "Saves", "Multiplayer", ServerName);
    public string PlayersDb => Path.Combine(SaveDir, "players.db");
    public string VehiclesDb => Path.Combine(SaveDir, "vehicles.db");
    public string AccountsDb => Path.Combine(Root, "db", ServerName + ".db");
    public string LogsDir => Path.Combine(Root, "Logs");
    public string ServerConsoleFile => Path.Combine(Root, "server-console.txt");

    public void EnsureDirectories()
    {
        foreach (var dir in new[] { ServerDir, SaveDir, Path.GetDirectoryName(AccountsDb)!, LogsDir, Path.Combine(Root, "mods"), Path.Combine(Root, "Lua") })
        {
            Directory.CreateDirectory(dir);
        }
    }
}
