using System.Text;
using ZedOps.PzSim.Players;

namespace ZedOps.PzSim.Commands;

/// <summary>
/// Player and account commands with the real reply and refusal texts of each build (sources in README.md); kicked
/// and banned players leave the list. Help texts are B41's <c>help</c> output.
/// </summary>
internal sealed class PlayerCommands(PlayerSessions sessions, AccountsDb accounts, PzBuild build)
{
    private const string KickHelp = "Kick a user. Add a -r \"reason\" to specify a reason for the kick. Use: /kickuser \"username\" -r \"reason\"";

    private const string BanHelp = "Ban a user. Add a -ip to also ban the IP. Add a -r \"reason\" to specify a reason for the ban. Use: /banuser \"username\" -ip -r \"reason\". For example: /banuser \"rj\" -ip -r \"spawn kill\"";

    private bool IsB42 => build == PzBuild.B42;

    public IEnumerable<AdminCommand> Commands() =>
    [
        new("players", 0, 0, "List all connected players", _ => Players()),
        new("kickuser", 1, 3, KickHelp, Kick),
        new("kick", 1, 3, KickHelp, Kick),
        new("banuser", 1, 4, BanHelp, Ban),
        new("unbanuser", 1, 1, "Unban a player. Use /unbanuser \"username\"", a => Unban(a[0])),
        new("setaccesslevel", 2, 2, "Set access level of a player. Current levels: Admin, Moderator, Overseer, GM, Observer. Use /setaccesslevel \"username\" \"accesslevel\". Example /setaccesslevel \"rj\" \"moderator\"",
            a => AccessLevels.Set(accounts, build, a[0], a[1])),
        new("adduser", 2, 2, "Use this command to add a new user to a whitelisted server. Use: /adduser \"username\" \"password\"", a => AddUser(a[0], a[1])),
        // Real PZ answers this whether or not the account existed.
        new("removeuserfromwhitelist", 1, 1, "Remove a user from the whitelist. Use: /removeuserfromwhitelist \"username\"", a =>
        {
            accounts.Remove(a[0]);
            return $"User {a[0]} removed from white list";
        }),
    ];

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
        if (IsB42)
        {
            return BanB42(name, banIp);
        }
        var online = sessions.Find(name);
        if (!accounts.Exists(name))
        {
            return NotInWhitelist(name);
        }
        accounts.SetBanned(name, true);
        if (banIp && online is not null)
        {
            accounts.BanIp(online.Ip, name, reason);
        }
        sessions.Disconnect(name, "UI_Policy_Ban", "kick");
        return $"User {name} is now banned";
    }

    /// <summary>B42's BanSystem.BanUser answers the same whether or not the account exists: the caller must check.</summary>
    private string BanB42(string name, bool banIp)
    {
        if (banIp)
        {
            // pz-sim runs in Steam mode, as the images do.
            return "Server is in Steam mode, you can't ban IP";
        }
        accounts.SetBanned(name, true);
        sessions.Disconnect(name, "You were banned", "kick");
        return $"System banned user {name}";
    }

    private string Unban(string name)
    {
        if (!accounts.Exists(name))
        {
            return IsB42 ? NotInWhitelistNorServer(name) : NotInWhitelist(name);
        }
        accounts.SetBanned(name, false);
        accounts.UnbanIps(name);
        return IsB42 ? $"System unbanned user {name}" : $"User {name} is now un-banned";
    }

    private string AddUser(string name, string password)
    {
        if (!AccountsDb.IsValidUserName(name))
        {
            return $"Invalid username \"{name}\"";
        }
        if (accounts.ExistsIgnoringCase(name))
        {
            return "A user with this name already exists";
        }
        accounts.Add(name, password, null);
        return $"User {name} created with the password {AccountsDb.Hash(password)}";
    }

    public static string NotInWhitelist(string name) => $"User \"{name}\" is not in the whitelist, use /adduser first";

    public static string NotInWhitelistNorServer(string name) => $"User \"{name}\" is not in the whitelist nor the server, use /adduser first";
}
