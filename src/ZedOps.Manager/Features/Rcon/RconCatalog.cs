namespace ZedOps.Manager.Features.Rcon;

/// <summary>A PZ admin command for the terminal's completion: its name, argument hint and what it does.</summary>
public sealed record RconCommandInfo(string Name, string Args, string Description);

/// <summary>PZ's RCON command set (PZ.md; B41 names, B42 aliases where they differ). No leading slash over RCON.
/// <c>addusertowhitelist</c> and <c>addalltowhitelist</c> are left out: the real server answers them
/// <c>Unknown command …</c> (disabled commands); <c>adduser</c> is how an account is whitelisted.</summary>
public static class RconCatalog
{
    public static readonly IReadOnlyList<RconCommandInfo> All =
    [
        new("players", "", "list connected players"),
        new("servermsg", "\"text\"", "broadcast a message to everyone"),
        new("save", "", "save the world"),
        new("quit", "", "save and shut the server down"),
        new("kickuser", "\"user\" [-r \"reason\"]", "kick a player"),
        new("banuser", "\"user\" [-ip] [-r \"reason\"]", "ban a player (and the IP)"),
        new("unbanuser", "\"user\"", "lift a ban"),
        new("banid", "<SteamID64>", "ban a Steam id"),
        new("unbanid", "<SteamID64>", "lift a Steam id ban"),
        new("setaccesslevel", "\"user\" admin|moderator|overseer|gm|observer|none", "set a player's access level"),
        new("adduser", "\"user\" \"password\"", "create a whitelisted account (the password is masked in the audit log)"),
        new("removeuserfromwhitelist", "\"user\"", "remove a player from the whitelist"),
        new("voiceban", "\"user\" -true|-false", "mute or unmute a player's voice"),
        new("showoptions", "", "list server options"),
        new("changeoption", "<Key> <value>", "change a server option (then reloadoptions)"),
        new("reloadoptions", "", "re-read the server ini"),
        new("reloadlua", "\"file\"", "reload a Lua file"),
        new("checkModsNeedUpdate", "", "check workshop mods (answer in the log)"),
        new("stats", "none|file|console|all [period]", "server statistics"),
        new("log", "<type> <level>", "set a log level"),
        new("clear", "", "clear the console"),
        new("additem", "\"user\" \"module.item\" [count]", "give an item"),
        new("addxp", "\"user\" perk=xp", "give experience"),
        new("addvehicle", "\"script\" \"user\"|x,y,z", "spawn a vehicle"),
        new("teleport", "\"user\" \"toUser\"", "teleport a player to another"),
        new("teleportplayer", "\"user\" \"toUser\"", "teleport (B42 name)"),
        new("teleportto", "x,y,z", "teleport to coordinates"),
        new("startrain", "[intensity]", "start rain"),
        new("stoprain", "", "stop rain"),
        new("startstorm", "[hours]", "start a storm"),
        new("stopweather", "", "stop the weather"),
        new("chopper", "", "helicopter event"),
        new("gunshot", "", "gunshot sound event"),
        new("lightning", "", "lightning strike"),
        new("thunder", "", "thunder"),
        new("alarm", "", "sound a building alarm"),
        new("createhorde", "<count> [\"user\"]", "spawn a horde"),
        new("removezombies", "", "remove zombies around"),
        new("godmod", "\"user\" -true|-false", "god mode"),
        new("invisible", "\"user\" -true|-false", "invisibility"),
        new("noclip", "\"user\" -true|-false", "walk through walls"),
        new("releasesafehouse", "", "release a safehouse"),
        new("grantadmin", "\"user\"", "make admin (older builds)"),
        new("removeadmin", "\"user\"", "remove admin (older builds)"),
    ];

    /// <summary>Commands whose name starts with the first word typed (case-insensitive), best first.</summary>
    public static IReadOnlyList<RconCommandInfo> Complete(string typed)
    {
        var word = typed.TrimStart().Split(' ', 2)[0];
        return word.Length == 0
            ? []
            : [.. All.Where(c => c.Name.StartsWith(word, StringComparison.OrdinalIgnoreCase)).OrderBy(c => c.Name.Length)];
    }

    /// <summary>Quotes a player name or message for a command line (PZ splits on spaces, respecting quotes).</summary>
    public static string Quote(string value) => "\"" + value.Replace("\"", "'", StringComparison.Ordinal) + "\"";
}
