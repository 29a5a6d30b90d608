using System.Text.RegularExpressions;
using ZedOps.Manager.Features.Rcon;

namespace ZedOps.Manager.Features.Containers;

/// <summary>
/// Takes secrets out of a game server's console line before any viewer sees it. PZ prints them itself: the launcher's
/// command line carries <c>-adminpassword &lt;pw&gt;</c>, every RCON packet is logged as
/// <c>RCON: ID=&lt;id&gt; Type=&lt;type&gt; Body='&lt;body&gt;' Socket[…]</c> (decompiled <c>RCONServer.handlePacket</c>; the
/// auth packet, type 3, carries the RCON password), and stdin commands are echoed as
/// <c>command entered via server console (System.in): "&lt;cmd&gt;"</c> (41.78+, 42) or bare (older builds' <c>handleServerCommand</c>
/// prints the command line itself). Those shapes are masked whatever the secret is;
/// then every known secret of the server (its passwords, and extra environment values whose name reads as a secret)
/// is replaced wherever it appears.
/// </summary>
public static partial class ConsoleRedaction
{
    public const string Mask = RconRedaction.Mask;

    /// <summary>Secrets shorter than this are masked only where a pattern above finds them: replacing a two-letter
    /// password everywhere would mangle the console for nothing (such a password is guessed in seconds anyway).</summary>
    public const int MinLiteralLength = 3;

    public static string Redact(string text, IReadOnlyList<string> secrets)
    {
        if (text.Contains("adminpassword", StringComparison.OrdinalIgnoreCase))
        {
            text = AdminPasswordArg().Replace(text, m => m.Groups["head"].Value + Mask);
        }
        if (text.Contains("RCON: ID=", StringComparison.Ordinal))
        {
            text = RconPacket().Replace(text, m => m.Groups["head"].Value
                + (m.Groups["type"].Value == "3" ? Mask : RconRedaction.Redact(m.Groups["body"].Value)) + m.Groups["tail"].Value);
        }
        if (text.Contains("(System.in)", StringComparison.Ordinal))
        {
            text = StdinCommand().Replace(text, m => m.Groups["head"].Value + RconRedaction.Redact(m.Groups["cmd"].Value) + "\"");
        }
        // Some builds' handleServerCommand echoes each command line bare (System.out.println of the command).
        if (RconRedaction.Redact(text) is var bare && !string.Equals(bare, text.Trim(), StringComparison.Ordinal))
        {
            text = bare;
        }
        foreach (var secret in secrets)
        {
            if (secret.Length >= MinLiteralLength && text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }
        return text;
    }

    /// <summary>Names of settings and environment variables whose values are secrets (as the RCON audit masker reads
    /// <c>changeoption</c> keys): <c>RCON_PASSWORD</c>, <c>DiscordToken</c>, <c>STEAM_API_KEY</c>…</summary>
    public static bool IsSecretName(string name) => RconRedaction.IsSecretName(name);

    [GeneratedRegex("""(?<head>-adminpassword[\s=]+)(?:"[^"]*"|\S+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdminPasswordArg();

    // The body runs to the last quote before the socket description (a body may itself contain quotes).
    [GeneratedRegex("""(?<head>RCON: ID=-?\d+ Type=(?<type>-?\d+) Body=')(?<body>.*)(?<tail>'(?:\s+Socket\[[^\]]*\])?\s*)$""", RegexOptions.CultureInvariant)]
    private static partial Regex RconPacket();

    [GeneratedRegex("""(?<head>command entered via server console \(System\.in\): ")(?<cmd>.*)"\s*$""", RegexOptions.CultureInvariant)]
    private static partial Regex StdinCommand();
}
