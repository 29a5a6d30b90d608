using ZedOps.Protocol.Servers;

namespace ZedOps.Agent.Mods;

/// <summary>PZ's <c>checkModsNeedUpdate</c> texts: the RCON reply that only says the check started, and the log lines
/// that carry the answer (<c>CheckModsNeedUpdate: Checking...</c> comes first and is not an answer).</summary>
internal static class ModsCheckLines
{
    public const string Command = "checkModsNeedUpdate";
    private const string Prefix = "CheckModsNeedUpdate: ";

    public static bool IsStarted(string reply) => reply.TrimStart().StartsWith("Checking started", StringComparison.Ordinal);

    /// <summary>One of <see cref="ModsCheckResults"/>, or null when the line is not an answer.</summary>
    public static string? Answer(string line)
    {
        var at = line.IndexOf(Prefix, StringComparison.Ordinal);
        return at < 0 ? null : line[(at + Prefix.Length)..].Trim() switch
        {
            "Mods need update" => ModsCheckResults.NeedUpdate,
            "Mods updated" => ModsCheckResults.UpToDate,
            "Check not completed" => ModsCheckResults.NotCompleted,
            _ => null,
        };
    }
}
