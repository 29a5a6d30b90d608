using System.Text;
using ZedOps.PzSim.World;

namespace ZedOps.PzSim.Commands;

/// <summary>
/// <c>showoptions</c> as ShowOptionsCommand writes it: <c>List of Server Options:</c>, then the public options sorted
/// by key as <c>* Key=Value</c>, and ServerWelcomeMessage last without a trailing newline. ServerOptions drops the
/// secrets and the RCON/Discord channel keys from its public list.
/// </summary>
internal static class ShowOptionsReply
{
    private const string WelcomeMessage = "ServerWelcomeMessage";

    private static readonly HashSet<string> s_hidden = ["Password", "RCONPassword", "RCONPort", "DiscordToken", "DiscordChannel", "DiscordChannelID"];

    public static string Render(ServerOptions options)
    {
        var text = new StringBuilder("List of Server Options:\n");
        foreach (var (key, value) in options.All.Where(o => !s_hidden.Contains(o.Key) && o.Key != WelcomeMessage).OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            text.Append("* ").Append(key).Append('=').Append(value).Append('\n');
        }
        return text.Append("* ").Append(WelcomeMessage).Append('=').Append(options[WelcomeMessage]).ToString();
    }
}
