using ZedOps.Protocol;

namespace ZedOps.Agent.Rcon;

/// <summary>
/// PZ answers a refused admin command with an ordinary reply, so a panel that shows it as success lies. These are
/// the known refusal texts of B41 and B42 (sources in src/ZedOps.PzSim/README.md) mapped to typed error codes.
/// Bad arguments get the command's one-line help text back, which contains "Use: /" or "Use /" (both spellings occur).
/// </summary>
internal static class RconRejections
{
    private static readonly (Func<string, bool> Matches, string Code)[] s_rules =
    [
        (r => r.StartsWith("Unknown command", StringComparison.OrdinalIgnoreCase), ErrorCodes.RconUnknownCommand),
        (r => r.Contains("Wrong arguments", StringComparison.OrdinalIgnoreCase), ErrorCodes.RconWrongArguments),
        (r => r.StartsWith("Access Level '", StringComparison.Ordinal) && r.Contains("unknown", StringComparison.Ordinal), ErrorCodes.RconWrongArguments),
        (r => r.StartsWith("Option : ", StringComparison.Ordinal) && r.EndsWith("doesn't exist", StringComparison.Ordinal), ErrorCodes.RconWrongArguments),
        (r => r.StartsWith("Invalid username \"", StringComparison.Ordinal), ErrorCodes.RconWrongArguments),
        // B41 "…is not in the whitelist, use /adduser first", B42 "…is not in the whitelist nor the server, use /adduser first".
        (r => r.StartsWith("User \"", StringComparison.Ordinal) && r.Contains("\" is not in the whitelist", StringComparison.Ordinal), ErrorCodes.RconUserNotFound),
        (r => IsHelpText(r), ErrorCodes.RconWrongArguments),
        (r => r.StartsWith("User ", StringComparison.Ordinal) && r.EndsWith("doesn't exist.", StringComparison.Ordinal), ErrorCodes.RconUserNotFound),
        (r => r.StartsWith("A user with this name already exists", StringComparison.Ordinal), ErrorCodes.RconUserExists),
        (r => r.StartsWith("Server is in Steam mode", StringComparison.Ordinal), ErrorCodes.RconNotAllowed),
        (r => r.Contains("Not enough rights", StringComparison.OrdinalIgnoreCase), ErrorCodes.RconNotAllowed),
        (r => r.Contains("can be executed only from the game", StringComparison.OrdinalIgnoreCase), ErrorCodes.RconNotAllowed),
        (r => r.Contains("can't be kicked", StringComparison.OrdinalIgnoreCase) || r.Contains("can't be banned", StringComparison.OrdinalIgnoreCase), ErrorCodes.RconNotAllowed),
    ];

    /// <summary>The error code when the reply is a refusal; null when the command was accepted.</summary>
    public static string? Classify(string reply)
    {
        var text = reply.Trim();
        foreach (var (matches, code) in s_rules)
        {
            if (matches(text))
            {
                return code;
            }
        }
        return null;
    }

    /// <summary>A command's help text is one line; multi-line replies (showoptions with a welcome message that says
    /// "Use /help", the help list itself) are answers, not refusals.</summary>
    private static bool IsHelpText(string reply) =>
        !reply.Contains('\n', StringComparison.Ordinal)
        && (reply.Contains("Use: /", StringComparison.Ordinal) || reply.Contains("Use /", StringComparison.Ordinal));
}
