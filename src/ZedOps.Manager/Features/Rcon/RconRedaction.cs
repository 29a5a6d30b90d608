using System.Text.RegularExpressions;

namespace ZedOps.Manager.Features.Rcon;

/// <summary>
/// Removes secrets from an RCON command before it is written to the audit log, history or a console view: the
/// password of <c>adduser</c> and <c>setpassword</c>, and the value of any <c>changeoption</c> whose key names a
/// secret (<c>Password</c>, <c>RCONPassword</c>, <c>DiscordToken</c>…). <c>adduser "name" "secret"</c> →
/// <c>adduser "name" "***"</c>.
/// </summary>
/// <remarks>
/// The command is read the way the real server reads it, not by its typed prefix: PZ picks the command with
/// <c>^&lt;name&gt;\b</c>, case-insensitive (<c>CommandBase.findCommandCls</c>), so <c>adduser- bob pw</c> and
/// <c>ADDUSER bob pw</c> run <c>adduser</c>; it then splits arguments with <c>([^"]\S*|".*?")\s*</c> (the
/// <c>CommandBase</c> constructor), so token 0 is the command word whatever is glued to it.
/// </remarks>
public static partial class RconRedaction
{
    public const string Mask = "***";

    public static string Redact(string command)
    {
        var text = command.Trim();
        var verb = SecretCommand().Match(text);
        if (!verb.Success)
        {
            return text;
        }
        var tokens = Tokens().Matches(text);
        var secretToken = verb.Groups["verb"].Value.ToLowerInvariant() switch
        {
            // changeoption <key> <value>: only a key that names a secret hides its value.
            "changeoption" => tokens.Count > 1 && IsSecretName(tokens[1].Groups[1].Value.Replace("\"", "")) ? 2 : -1,
            // adduser <name> <password>, setpassword <name> <password>: everything from the second argument on.
            _ => 2,
        };
        if (secretToken < 0 || tokens.Count <= secretToken)
        {
            return text;
        }
        var secret = tokens[secretToken].Groups[1];
        return text[..secret.Index] + (secret.Value.StartsWith('"') ? $"\"{Mask}\"" : Mask);
    }

    /// <summary>True for a setting, option or variable name that holds a secret (password, token, key).</summary>
    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    // An optional slash is tolerated (chat-style input): masking a command the server would refuse costs nothing.
    [GeneratedRegex("""^/?(?<verb>adduser|setpassword|changeoption)\b""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretCommand();

    [GeneratedRegex("""([^"]\S*|".*?")\s*""", RegexOptions.CultureInvariant)]
    private static partial Regex Tokens();

    [GeneratedRegex("pass|token|secret|api_?key|private_?key", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();
}
