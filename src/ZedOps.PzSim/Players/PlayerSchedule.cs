using System.Globalization;

namespace ZedOps.PzSim.Players;

/// <summary>A simulated player: joins <see cref="JoinAt"/> after SERVER STARTED and leaves at <see cref="LeaveAt"/> (never when null).</summary>
internal sealed record ScheduledPlayer(string Name, TimeSpan JoinAt, TimeSpan? LeaveAt);

/// <summary>
/// Parses SIM_PLAYERS: comma-separated <c>name[@join[-leave]]</c>, seconds after the server started,
/// e.g. <c>alice,bob@5-60,Zoë Smith@10</c>. Names may hold spaces and non-ASCII letters, as real ones do.
/// </summary>
internal static class PlayerSchedule
{
    public static IReadOnlyList<ScheduledPlayer> Parse(string spec, List<string> errors)
    {
        var players = new List<ScheduledPlayer>();
        foreach (var raw in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var at = raw.LastIndexOf('@');
            var name = (at < 0 ? raw : raw[..at]).Trim();
            var times = at < 0 ? "0" : raw[(at + 1)..];
            var dash = times.IndexOf('-', StringComparison.Ordinal);
            var join = dash < 0 ? times : times[..dash];
            var leave = dash < 0 ? null : times[(dash + 1)..];
            if (name.Length == 0 || !TryParseSeconds(join, out var joinAt))
            {
                errors.Add($"SIM_PLAYERS: '{raw}' is not name[@join[-leave]] (seconds)");
                continue;
            }
            TimeSpan? leaveAt = null;
            if (leave is not null)
            {
                if (!TryParseSeconds(leave, out var l) || l < joinAt)
                {
                    errors.Add($"SIM_PLAYERS: '{raw}' leaves before it joins or has a bad leave time");
                    continue;
                }
                leaveAt = l;
            }
            players.Add(new ScheduledPlayer(name, joinAt, leaveAt));
        }
        return players;
    }

    private static bool TryParseSeconds(string text, out TimeSpan value)
    {
        var ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0;
        value = ok ? TimeSpan.FromSeconds(seconds) : TimeSpan.Zero;
        return ok;
    }
}
