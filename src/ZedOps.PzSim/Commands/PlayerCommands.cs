using System.Text;
using ZedOps.PzSim.Players;

namespace ZedOps.PzSim.Commands;

/// <summary>Player and account commands with PZ's reply and rejection texts; kicked and banned players leave the list.</summary>
internal sealed class PlayerCommands(PlayerSessions sessions, AccountsDb accounts)
{
    public const string AccessLevels = "player, admin, moderator, overseer, gm, observer";

    public IEnumerable<AdminCommand> Commands() =>
    [
        new("players", 0, 0, "List all connected players", _ => Players()),
        new("kickuser", 1, 3, KickHelp, Kick),
        new("kick", 1, 3, KickHelp, Kick),
        new("banuser", 1, 4, BanHelp, Ban),
        new("unbanuser", 1, 1, "Unban a player. Use: /unbanuser \"username\"", a => Unban(a[0])),
        new("setaccesslevel", 2, 2, "Set access level of a player. Current levels: Admin, Moderator, Overseer, GM, Observer. Use: /setaccesslevel \"username\" \"accesslevel\". Example /setaccesslevel \"rj\" \"moderator\"",
            a => SetAccessLevel(a[0], a[1])),
        new("addusertowhitelist", 1, 1, "Add a user connected with a password to the whitelist. Use: /addusertowhitelist \"username\"", a => AddToWhitelist(a[0])),
        new("removeuserfromwhitelist", 1, 1, "Remove a user from the whitelist. Use: /removeuserfromwhitelist \"username\"",
            a => accounts.Remove(a[0]) ? $"User {a[0]} removed from white list" : $"User {a[0]} doesn't exist."),
    ];

    private const string KickHelp = "Kick a user. Add a -r \"reason\" to specify a reason for the kick. Use: /kickuser \"username\" -r \"reason\"";

    private const string BanHelp = "Ban a user. Add a -ip to also ban the IP. Add a -r \"reason\" to specify a reason for the ban. Use: /banuser \"username\" -ip -r \"reason\". For example: /banuser \"rj\" -ip -r \"spawn kill\"";

    private string Players()
    {
        var text = new StringBuilder($"Players connected ({sessions.Online.Count}): \n");
        foreach (var player in sessions.Online)
        {
            text.Append('-').Append(player.Name).Append('\n');
        }
        return text.ToString();
    }

    private string Kick(string[] args)
    {
        if (args.Length == 2 || (args.Length == 3 && args[1] != "-r"))
        {
            return KickHelp;
        }
        var reason = args.Length == 3 ? "You have been kicked from this server for the following reason: " + args[2] : "UI_Policy_Kick";
        return sessions.Disconnect(args[0], reason, "kick") ? $"User {args[0]} kicked." : $"User {args[0]} doesn't exist.";
    }

    private string Ban(string[] args)
    {
        var name = args[0];
        var banIp = false;
        var reason = "";
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "-ip")
            {
                banIp = true;
            }
            else if (args[i] == "-r" && i + 1 < args.Length)
            {
                reason = args[++i];
            }
            else
            {
                return BanHelp;
            }
        }
        var online = sessions.Find(name);
        if (online is null && !accounts.Exists(name))
        {
            return $"User {name} doesn't exist.";
        }
        accounts.SetBanned(name, true);
        if (banIp && online is not null)
        {
            accounts.BanIp(online.Ip, name, reason);
        }
        sessions.Disconnect(name, "UI_Policy_Ban", "kick");
        return $"User {name} is now banned";
    }

    private string Unban(string name)
    {
        if (!accounts.Exists(name))
        {
            return $"User {name} doesn't exist.";
        }
        accounts.SetBanned(name, false);
        accounts.UnbanIps(name);
        return $"User {name} is now un-banned";
    }

    private string SetAccessLevel(string name, string level)
    {
        var normalised = level.ToLowerInvariant();
        if (normalised is not ("admin" or "moderator" or "overseer" or "gm" or "observer" or "player" or "none"))
        {
            return $"Access Level '{level}' unknown, list of access level: {AccessLevels}";
        }
        if (!accounts.Exists(name))
        {
            return $"User {name} doesn't exist.";
        }
        var stored = normalised is "player" or "none" ? "" : normalised;
        accounts.SetAccessLevel(name, stored);
        return stored.Length == 0 ? $"User {name} no longer has access level" : $"User {name} is now {stored}";
    }

    private string AddToWhitelist(string name)
    {
        if (accounts.Exists(name))
        {
            return $"User {name} is already whitelisted";
        }
        if (sessions.Find(name) is not { } player)
        {
            return $"User {name} doesn't exist.";
        }
        accounts.Add(name, "", player.SteamId);
        return $"User {name} added to white list";
    }
}
