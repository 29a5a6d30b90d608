using ZedOps.Protocol;

namespace ZedOps.Agent.Rcon;

/// <summary>
/// PZ answers a refused admin command with an ordinary reply, so a panel that shows it as success lies. These are
/// the known refusal texts (PZ.md, from the decompiled 41.78 server and ZCP's table) mapped to typed error codes.
/// Bad arguments get the command's help text back, which always contains "Use: /".
/// </summary>
internal static class RconRejections
{
    private static readonly (Func<string, bool> Matches, string Code)[] s_rules =
    [
        (r => r.StartsWith("Unknown command", StringComparison.OrdinalIgnoreCase), ErrorCodes.RconUnknownCommand),
        (r => r.Contains("Wrong arguments", StringComparison.OrdinalIgnoreCase), ErrorCodes.RconWrongArguments),
        (r => r.StartsWith("Access Level '", StringComparison.Ordinal) && r.Contains("unknown", StringComparison.Ordinal), ErrorCodes.RconWrongArguments),
        (r => r.StartsWith("Option : ", StringComparison.Ordinal) && r.EndsWith("doesn't exist", StringComparison.Ordinal), ErrorCodes.RconWrongArguments),
        (r => r.Contains("Use: /", StringComparison.Ordinal), ErrorCodes.RconWrongArguments),
        (r => r.StartsWith("User ", StringComparison.Ordinal) && r.EndsWith("doesn't exist.", StringComparison.Ordinal), ErrorCodes.RconUserNotFound),
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
}
