using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Rcon;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Settings;

/// <summary>
/// Applies saved ini values to a running server: asks <c>showoptions</c> what the server uses, sends
/// <c>changeoption &lt;Key&gt; "&lt;value&gt;"</c> for each live option whose file value differs, then
/// <c>reloadoptions</c>. Options PZ reads only at start (ports, mods, map…) mark the server "restart pending".
/// </summary>
public sealed class SettingsApply(ZedOpsDbContext db, SettingsFiles files, RconConsole rcon)
{
    public async Task<ApplySettingsResult> ApplyAsync(Guid id, AuditActor actor, CancellationToken ct)
    {
        var server = await db.Servers.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw ServerCommandException.NotFound(id);
        if (server.Status != ServerStatuses.Running)
        {
            throw ServerCommandException.Conflict($"'{server.Name}' is {server.Status}: saved settings take effect when it starts.");
        }
        var ini = IniDocument.Parse((await files.ReadAsync(server, ct))[ServerFileKinds.Ini].Content);
        Dictionary<string, string> running;
        try
        {
            running = ParseShowOptions((await rcon.ExecuteAsync(id, "showoptions", actor, ct)).Reply);
        }
        catch (WireRequestException ex)
        {
            // No RCON (disabled, or not answering): the saved file is read at the next start.
            server.RestartPending = true;
            await db.SaveChangesAsync(ct);
            return new ApplySettingsResult([], ["all saved options"], [$"RCON is not available ({ex.Message}); the server reads the saved file at its next start."]);
        }
        var (applied, restart, replies) = (new List<string>(), new List<string>(), new List<string>());
        foreach (var key in ini.Keys)
        {
            var option = OptionCatalog.Find(key);
            var value = ini.Get(key)!;
            if (!running.TryGetValue(key, out var now) || OptionValues.SameValue(option, value, now))
            {
                continue;
            }
            if (option is { Live: false } || Command(option, key, value) is not { } command)
            {
                restart.Add(key);
                continue;
            }
            try
            {
                replies.Add((await rcon.ExecuteAsync(id, command, actor, ct)).Reply);
                applied.Add(key);
            }
            catch (ServerCommandException)
            {
                restart.Add(key);
            }
        }
        if (applied.Count > 0)
        {
            replies.Add((await rcon.ExecuteAsync(id, "reloadoptions", actor, ct)).Reply);
        }
        if (restart.Count > 0)
        {
            server.RestartPending = true;
            await db.SaveChangesAsync(ct);
        }
        return new ApplySettingsResult(applied, restart, replies);
    }

    /// <summary>PZ parses the value in quotes; a value with a quote or non-ASCII text cannot travel over RCON.</summary>
    private static string? Command(ServerOption? option, string key, string value)
    {
        var wire = option?.Type == OptionType.Number && OptionValues.TryDouble(value, out var d) ? d.ToString("0.0###", CultureInfo.InvariantCulture) : value;
        return wire.Contains('"', StringComparison.Ordinal) || wire.Any(c => c > 127) ? null : $"changeoption {key} \"{wire}\"";
    }

    /// <summary><c>List of Server Options:</c> then <c>* Key=Value</c> lines (ShowOptionsCommand).</summary>
    public static Dictionary<string, string> ParseShowOptions(string reply)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in reply.Split('\n'))
        {
            var text = line.TrimEnd('\r');
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (text.StartsWith("* ", StringComparison.Ordinal) && eq > 2)
            {
                options[text[2..eq].Trim()] = text[(eq + 1)..];
            }
        }
        return options;
    }
}
