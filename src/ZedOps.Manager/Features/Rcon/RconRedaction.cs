using System.Text.RegularExpressions;

namespace ZedOps.Manager.Features.Rcon;

/// <summary>
/// Removes secrets from an RCON command before it is written to the audit log: the password of <c>adduser</c> and
/// the value of any <c>changeoption</c> whose key names a password or token (<c>Password</c>, <c>RCONPassword</c>,
/// <c>DiscordToken</c>…). <c>adduser "name" "secret"</c> → <c>adduser "name" "***"</c>.
/// </summary>
public static partial class RconRedaction
{
    public const string Mask = "***";

    public static string Redact(string command)
    {
        var text = command.Trim();
        if (AddUser().Match(text) is { Success: true } add)
        {
            return $"{add.Groups["head"].Value}{Quote(add.Groups["secret"].Value)}";
        }
        if (ChangeOption().Match(text) is { Success: true } change && SecretKey().IsMatch(change.Groups["key"].Value))
        {
            return $"{change.Groups["head"].Value}{Mask}";
        }
        return text;
    }

    private static string Quote(string original) => original.StartsWith('"') ? $"\"{Mask}\"" : Mask;

    // adduser <name> <password>: a name is a quoted string or one word; the rest of the line is the secret.
    [GeneratedRegex("""^(?<head>adduser\s+(?:"[^"]*"|\S+)\s+)(?<secret>.+)$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AddUser();

    [GeneratedRegex("""^(?<head>changeoption\s+(?<key>\S+)\s+)(?<value>.+)$""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ChangeOption();

    [GeneratedRegex("password|token|secret", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretKey();
}
