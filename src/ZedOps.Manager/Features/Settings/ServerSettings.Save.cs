using System.Text.RegularExpressions;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Settings;

public sealed partial class ServerSettings
{
    public const string AuditAction = "server.settings";

    /// <summary>Saves option values into the ini (only their lines change). Operators may change game settings; the
    /// admin-only keys (ports, RCON, passwords, Discord, identity) need an admin. Keys the image overwrites from its
    /// environment on boot are written to the server's configuration as well, so they stick.</summary>
    public async Task<SaveSettingsResult> SaveIniAsync(Guid id, SaveIniRequest request, AuditActor actor, bool isAdmin, CancellationToken ct)
    {
        var server = await FindAsync(id, ct);
        if (request.Values is not { Count: > 0 } values)
        {
            throw ServerCommandException.Invalid("No values", "Send values: an object of option key → new value.");
        }
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var build = await BuildAsync(server, ct);
        foreach (var (key, value) in values)
        {
            var option = OptionCatalog.Find(key, build);
            if (!OptionKey().IsMatch(key))
            {
                errors[key] = $"{key}: not an option name (letters, digits and '_').";
            }
            else if (option is not null && !(option.Secret && value == SecretMask.MaskText) && OptionValues.Problem(option, value) is { } problem)
            {
                errors[key] = problem;
            }
            else if (value.Any(c => c is '\n' or '\r' or '\0'))
            {
                errors[key] = $"{key}: the value must be one line.";
            }
        }
        if (errors.Count > 0)
        {
            throw Invalid(errors);
        }
        RequireAdminFor(values.Keys, isAdmin);
        return await WriteIniAsync(server, request.Hash, values, actor, isAdmin, c => c, ct);
    }

    private async Task<SaveSettingsResult> WriteIniAsync(ServerEntity server, string? hash, IReadOnlyDictionary<string, string> values, AuditActor actor,
        bool isAdmin, Func<ServerConfig, ServerConfig> configEdit, CancellationToken ct)
    {
        var ini = (await files.ReadAsync(server, ct))[ServerFileKinds.Ini];
        if (!ini.Exists)
        {
            throw ServerCommandException.Conflict($"'{server.Name}' has no {ini.RelativePath} yet: start the server once so that the game writes it.");
        }
        if (hash is not null && hash != ini.Hash)
        {
            throw Stale(ini.RelativePath);
        }
        var document = IniDocument.Parse(ini.Content);
        var build = SettingsBuild.Of(ServerConfig.FromJson(server.ConfigJson), document);
        var changes = new List<(string Key, string? Before, string After)>();
        foreach (var (key, value) in values)
        {
            var option = OptionCatalog.Find(key, build);
            var current = document.Get(key);
            if (option?.Secret == true && value == SecretMask.MaskText)
            {
                continue;
            }
            var text = OptionValues.ToFileForm(option, value, current);
            if (current == text)
            {
                continue;
            }
            document.Set(key, text);
            changes.Add((key, current, text));
        }
        var stored = ServerConfig.FromJson(server.ConfigJson);
        var config = configEdit(stored);
        var envKeys = RouteToEnvironment(server, changes, isAdmin, ref config);
        if (changes.Count == 0 && config == stored)
        {
            return new SaveSettingsResult(ini.Hash, [], [], [], [], null);
        }
        string hashNow = ini.Hash;
        if (changes.Count > 0)
        {
            await history.ObserveAsync(server.Id, ini, ct);
            var written = await files.WriteAsync(server, ServerFileKinds.Ini, document.ToString(), ini.Hash, ct);
            hashNow = written.Hash;
            await history.RecordAsync(server.Id, ServerFileKinds.Ini, actor.Name, SettingsHistory.Edit, Describe(changes), ini.Content, written, ct);
        }
        var running = server.Status == ServerStatuses.Running;
        var live = running ? changes.Where(c => OptionCatalog.Find(c.Key)?.Live ?? true).Select(c => c.Key).ToList() : [];
        // A running server reads options it cannot change live (and a changed environment) only at its next start.
        var needsRestart = running && (envKeys.Count > 0 || changes.Count > live.Count);
        if (config != stored || (needsRestart && !server.RestartPending))
        {
            server.ConfigJson = config.ToJson();
            server.RestartPending |= needsRestart;
            await db.SaveChangesAsync(ct);
        }
        await audit.WriteAsync(actor, AuditAction, $"server:{server.Name}", details: $"ini: {Describe(changes)}", ct: ct);
        var versionId = await history.LatestIdAsync(server.Id, ct);
        return new SaveSettingsResult(hashNow, [.. changes.Select(c => c.Key)], live, [.. changes.Select(c => c.Key).Except(live)], envKeys, versionId);
    }

    private async Task<PzFacts.GameBuild> BuildAsync(ServerEntity server, CancellationToken ct)
    {
        var ini = (await files.ReadAsync(server, ct))[ServerFileKinds.Ini];
        return SettingsBuild.Of(ServerConfig.FromJson(server.ConfigJson), ini.Exists ? IniDocument.Parse(ini.Content) : null);
    }

    /// <summary>Keys the image sets from its environment: typed ones follow into the configuration, raw environment ones
    /// too (admins only); ports and passwords belong to the server's configuration page and are refused here.</summary>
    private List<string> RouteToEnvironment(ServerEntity server, List<(string Key, string? Before, string After)> changes, bool isAdmin, ref ServerConfig config)
    {
        var env = EnvFor(server);
        var routed = new List<string>();
        foreach (var (key, _, after) in changes)
        {
            if (!env.TryGetValue(key, out var over))
            {
                continue;
            }
            switch (over.Source)
            {
                case EnvSource.Config:
                    config = EnvOverrides.WithValue(config, key, after);
                    break;
                case EnvSource.Extra when isAdmin:
                    config = EnvOverrides.WithExtra(config, over.Variable, after);
                    break;
                case EnvSource.Extra:
                    throw new ServerCommandException(403, "Admin only",
                        $"{key} is set by the environment variable {over.Variable} on every boot; only admins can change the raw environment.");
                default:
                    throw new ServerCommandException(409, "Set by the server's configuration",
                        $"{key} is written by the image from {over.Variable} on every boot; change it in the server's configuration (ports and passwords), not in the ini.",
                        new Dictionary<string, object?> { ["key"] = key, ["variable"] = over.Variable });
            }
            routed.Add(key);
        }
        return routed;
    }

    private static void RequireAdminFor(IEnumerable<string> keys, bool isAdmin)
    {
        var adminKeys = keys.Where(k => OptionCatalog.Find(k)?.AdminOnly == true).ToList();
        if (!isAdmin && adminKeys.Count > 0)
        {
            throw new ServerCommandException(403, "Admin only",
                $"Only admins can change {string.Join(", ", adminKeys)} (ports, RCON, passwords, Discord and the world's identity); operators edit the game settings.",
                new Dictionary<string, object?> { ["keys"] = adminKeys });
        }
    }

    /// <summary>"MaxPlayers: 32 → 10; Password changed" — secret values never appear.</summary>
    private static string Describe(IEnumerable<(string Key, string? Before, string After)> changes) =>
        string.Join("; ", changes.Select(c => OptionCatalog.Find(c.Key)?.Secret == true
            ? $"{c.Key} changed"
            : $"{c.Key}: {Short(c.Before ?? "(absent)")} → {Short(c.After)}")) is { Length: > 0 } text ? text : "no change";

    private static string Short(string value) => value.Length > 60 ? value[..57] + "..." : value;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,99}$")]
    private static partial Regex OptionKey();
}
