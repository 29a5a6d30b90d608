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

    public static void PrintStarted(ServerConsole console, ServerOptions options)
    {
        console.Network("*** Steam is enabled");
        console.Network($"server is listening on port {options.GetInt("DefaultPort")}");
        console.Network($"UDP direct connect port {options.GetInt("UDPPort")}");
        // 41.78 prints four trailing asterisks; a match on "*** SERVER STARTED ***" or "SERVER STARTED" still holds.
        console.Network("*** SERVER STARTED ****");
    }
}
