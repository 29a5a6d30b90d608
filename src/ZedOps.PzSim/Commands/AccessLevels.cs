using ZedOps.PzSim.Players;

namespace ZedOps.PzSim.Commands;

/// <summary>
/// <c>setaccesslevel</c> as each build answers it over RCON. B41 (41.78) skips the whitelist check when there is no
/// player connection, so an unknown name gets an account; its unknown-level text prints the parsed level byte, which
/// is always 0 there. B42 refuses an unknown name and names the level it did not know.
/// </summary>
internal static class AccessLevels
{
    private static readonly HashSet<string> s_b41 = ["admin", "moderator", "overseer", "gm", "observer", "player", "none"];
    private static readonly HashSet<string> s_b42 = ["admin", "moderator", "overseer", "gm", "observer", "user", "priority", "none"];

    public static string Set(AccountsDb accounts, PzBuild build, string name, string level)
    {
        var normalised = level.Trim().ToLowerInvariant();
        var b42 = build == PzBuild.B42;
        if (!(b42 ? s_b42 : s_b41).Contains(normalised))
        {
            return b42
                ? $"Access Level '{level}' unknown, list of access level: admin,moderator,overseer,gm,observer,user"
                : "Access Level '0' unknown, list of access level: player, admin, moderator, overseer, gm, observer";
        }
        if (!accounts.Exists(name))
        {
            if (b42)
            {
                return PlayerCommands.NotInWhitelistNorServer(name);
            }
            accounts.Add(name, "", null);
        }
        var stored = normalised is "player" or "user" or "none" ? "" : normalised;
        accounts.SetAccessLevel(name, stored);
        return stored.Length == 0 ? $"User {name} no longer has access level" : $"User {name} is now {stored}";
    }
}
