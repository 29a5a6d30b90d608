using ZedOps.PzSim.Console;
using ZedOps.PzSim.World;

namespace ZedOps.PzSim;

/// <summary>The fixed lines around a boot, worded like the real server's so log parsers written against it match.</summary>
internal static class ServerBanner
{
    public static void PrintStart(ServerConsole console, SimSettings settings, DataLayout layout)
    {
        console.Raw($"pz-sim: simulated Project Zomboid dedicated server (not the game), branch \"{settings.GameVersion}\"");
        console.Raw($"JVM options: -Xms{settings.MaxRam} -Xmx{settings.MaxRam} -Djava.awt.headless=true -Dzomboid.steam=1");
        // The real launcher logs its arguments, admin password included, in clear text.
        var admin = settings.AdminPassword.Length > 0 ? $" -adminusername {settings.AdminUsername} -adminpassword {settings.AdminPassword}" : "";
        console.General($"command line: -cachedir={layout.Root} -servername {settings.ServerName}{admin}");
        console.General($"version={settings.BuildVersion} demo=false");
        console.General($"cachedir is \"{layout.Root}\"");
        console.General($"server name is \"{settings.ServerName}\"");
    }

    /// <summary>41.78's Steam-mode order: the RakNet peer starts (UdpPorts printed its line just before), SERVER STARTED,
    /// then the Steam lines. 41.78 prints four trailing asterisks; a match on "*** SERVER STARTED ***" still holds.</summary>
    public static void PrintStarted(ServerConsole console, ServerOptions options, SimSettings settings)
    {
        var game = options.GetInt("DefaultPort");
        console.Network("*** SERVER STARTED ****");
        console.Network("*** Steam is enabled");
        console.Network($"Server is listening on port {game} (for Steam connection) and port {options.GetInt("UDPPort")} (for UDPRakNet connection)");
        console.Network($"Clients should use {game} port for connections");
        console.Network($"Server Steam ID {SteamId(settings.ServerName)}");
    }

    /// <summary>A stable, plainly fake game-server Steam ID (the 9011… range anonymous servers get) per server name.</summary>
    private static string SteamId(string serverName)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in serverName)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return (90110000000000000UL + (hash % 10_000_000_000_000UL)).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
