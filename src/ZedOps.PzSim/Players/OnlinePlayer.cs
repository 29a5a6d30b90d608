namespace ZedOps.PzSim.Players;

/// <summary>A connected (simulated) player, with the identifiers PZ prints in its connection log lines.</summary>
internal sealed record OnlinePlayer(string Name, string SteamId, long Guid, string Ip, float X, float Y, float Z)
{
    /// <summary>The tail of every ConnectionManager line: <c>connection: guid=… ip=… steam-id=… access=… username="…" connection-type="UDPRakNet"</c>.</summary>
    public string Describe(string access) =>
        $"connection: guid={Guid} ip={Ip} steam-id={SteamId} access={access} username=\"{Name}\" connection-type=\"UDPRakNet\"";

    /// <summary>Stable fake identifiers derived from the name, so a player keeps its Steam ID across restarts.</summary>
    public static OnlinePlayer Create(string name, int slot)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(name))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        var steamId = (76561197960265728UL + 40_000_000UL + (hash % 900_000_000UL)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        // 192.0.2.0/24 is TEST-NET-1: plainly not a real client address.
        return new OnlinePlayer(name, steamId, (long)(hash >> 2), $"192.0.2.{1 + (slot % 254)}",
            10_000 + (hash % 1_000), 9_000 + ((hash >> 16) % 1_000), 0);
    }
}
