using System.Text.RegularExpressions;

namespace ZedOps.Protocol;

/// <summary>The naming rule shared by agents and game servers.</summary>
public static partial class AgentNames
{
    public const string Rule = "use 3–32 characters: a lowercase letter first, then lowercase letters, digits or '-'";

    [GeneratedRegex("^[a-z][a-z0-9-]{2,31}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);
}
