using ZedOps.PzSim.Console;
using ZedOps.PzSim.World;

namespace ZedOps.PzSim.Players;

/// <summary>
/// Who is connected. Runs on the game loop only. Joins go through PZ's checks (already connected, banned,
/// whitelist-only, server full) and every change prints the real ConnectionManager / "Disconnected player" lines.
/// B42 names nobody: its join line is <c>connection: guid=&lt;n&gt; [fully-connected] ""</c> and a leave prints nothing
/// at the default log level, so only the <c>players</c> command tells who is on.
/// </summary>
internal sealed class PlayerSessions(ServerConsole console, ServerOptions options, AccountsDb accounts, TimeProvider time, PzBuild build = PzBuild.B41)
{
    private readonly List<OnlinePlayer> _online = [];
    private int _slot;

    public IReadOnlyList<OnlinePlayer> Online => _online;

    public OnlinePlayer? Find(string name) => _online.Find(p => p.Name == name);

    /// <summary>Returns null when the player got in, otherwise PZ's refusal reason.</summary>
    public string? Join(string name)
    {
        var player = OnlinePlayer.Create(name, ++_slot);
        if (build == PzBuild.B41)
        {
            console.Network($"ConnectionManager: [receive-packet] \"login\" {player.Describe("")}");
        }
        var refusal = Find(name) is not null ? "AlreadyConnected"
            : accounts.IsBanned(name, player.SteamId) ? "Banned"
            : !options.GetBool("Open") && !accounts.Exists(name) ? "UnknownUsername"
            : _online.Count >= options.GetInt("MaxPlayers") ? "ServerFull"
            : null;
        if (refusal is not null)
        {
            if (build == PzBuild.B41)
            {
                console.Network($"ConnectionManager: [access-denied] \"{refusal}\" {player.Describe("")}");
            }
            return refusal;
        }
        accounts.Add(name, "", player.SteamId);
        accounts.Touch(name, time.GetLocalNow());
        _online.Add(player);
        if (build == PzBuild.B42)
        {
            console.Network($"connection: guid={player.Guid} [fully-connected] \"\"");
            return null;
        }
        console.Network($"ConnectionManager: [fully-connected] \"\" {player.Describe(accounts.AccessLevel(name))}");
        console.General($"{player.SteamId} \"{name}\" fully connected ({(int)player.X},{(int)player.Y},{(int)player.Z})");
        return null;
    }

    /// <summary>The player quits; <paramref name="reason"/> is the ConnectionManager tag (a kick or ban uses its own).</summary>
    public bool Disconnect(string name, string reason = "receive-disconnect", string tag = "disconnect")
    {
        if (Find(name) is not { } player)
        {
            return false;
        }
        _online.Remove(player);
        if (build == PzBuild.B42)
        {
            return true;
        }
        console.Network($"ConnectionManager: [{tag}] \"{reason}\" {player.Describe(accounts.AccessLevel(name))}");
        console.Network($"Disconnected player \"{name}\" {player.SteamId}");
        return true;
    }
}
