using System.Text.RegularExpressions;

namespace ZedOps.Agent.Players;

/// <summary>Parses the <c>players</c> reply and the console's join/leave lines (PZ.md "Log lines worth parsing"):
/// B41 names the player in both; B42 names nobody (see <see cref="IsNamelessJoin"/>).</summary>
internal static partial class PlayerLines
{
    /// <summary>"Players connected (2): \n-alice\n-bob\n" → [alice, bob]; null when the text is not that reply.</summary>
    public static IReadOnlyList<string>? ParsePlayers(string reply)
    {
        var lines = reply.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        if (!lines[0].TrimStart().StartsWith("Players connected", StringComparison.Ordinal))
        {
            return null;
        }
        return [.. lines.Skip(1).Where(l => l.StartsWith('-') && l.Length > 1).Select(l => l[1..].TrimEnd())];
    }

    /// <summary>The player a <c>ConnectionManager: [fully-connected] … username="x"</c> line announces.</summary>
    public static string? Joined(string line) => JoinPattern().Match(line) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>B42's join line, <c>connection: guid=&lt;n&gt; [fully-connected] ""</c>: someone joined, but only a
    /// <c>players</c> poll can say who (and B42 prints no leave line at all).</summary>
    public static bool IsNamelessJoin(string line) =>
        line.Contains("[fully-connected]", StringComparison.Ordinal) && !line.Contains("username=", StringComparison.Ordinal);

    /// <summary>The player a <c>Disconnected player "x" &lt;steamid&gt;</c> line announces.</summary>
    public static string? Left(string line) => LeavePattern().Match(line) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"\[fully-connected\].*\busername=""([^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex JoinPattern();

    [GeneratedRegex(@"Disconnected player ""([^""]+)""", RegexOptions.CultureInvariant)]
    private static partial Regex LeavePattern();
}
