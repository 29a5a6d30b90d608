using static ZedOps.Manager.Features.Rcon.RconCatalog;

namespace ZedOps.Manager.Features.Players;

/// <summary>The RCON lines behind the Players tab's buttons (and the player action API). Names and texts are quoted
/// because PZ splits arguments on spaces. There is no "whitelist-add": PZ has no command that whitelists a player
/// without a password (<c>addusertowhitelist</c> answers "Unknown command"); <c>adduser "name" "password"</c> is in the
/// RCON console.</summary>
public static class PlayerCommands
{
    public static readonly IReadOnlyList<string> AccessLevels = ["admin", "moderator", "overseer", "gm", "observer", "none"];

    public static readonly IReadOnlyList<string> Actions = ["kick", "ban", "unban", "access", "whitelist-remove"];

    /// <summary>The command for an action, or null when the action or its arguments are not valid.</summary>
    public static string? Build(string action, string player, string? reason = null, string? level = null, bool banIp = false)
    {
        if (string.IsNullOrWhiteSpace(player) || player.Length > 128)
        {
            return null;
        }
        var name = Quote(player.Trim());
        var because = string.IsNullOrWhiteSpace(reason) ? "" : $" -r {Quote(reason.Trim())}";
        return action switch
        {
            "kick" => $"kickuser {name}{because}",
            "ban" => $"banuser {name}{(banIp ? " -ip" : "")}{because}",
            "unban" => $"unbanuser {name}",
            "access" when level is not null && AccessLevels.Contains(level.ToLowerInvariant()) => $"setaccesslevel {name} {level.ToLowerInvariant()}",
            "whitelist-remove" => $"removeuserfromwhitelist {name}",
            _ => null,
        };
    }

    public static string Broadcast(string message) => $"servermsg {Quote(message.Trim())}";
}
