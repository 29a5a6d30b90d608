using System.Text.RegularExpressions;

namespace ZedOps.PzSim.Commands;

/// <summary>Splits a command line the way PZ's CommandBase does: words, or "quoted strings" with the quotes dropped.</summary>
internal static partial class CommandLine
{
    public static (string Name, string[] Args) Split(string line)
    {
        var parts = Token().Matches(line.Trim()).Select(m => m.Groups[1].Value.Replace("\"", "", StringComparison.Ordinal)).ToList();
        return parts.Count == 0 ? ("", []) : (parts[0], parts.Skip(1).ToArray());
    }

    /// <summary>PZ finds a command with <c>^name\b</c>, case-insensitively.</summary>
    public static bool Matches(string line, string name) =>
        line.StartsWith(name, StringComparison.OrdinalIgnoreCase)
        && (line.Length == name.Length || !(char.IsLetterOrDigit(line[name.Length]) || line[name.Length] == '_'));

    [GeneratedRegex("""([^"]\S*|".*?")\s*""")]
    private static partial Regex Token();
}
