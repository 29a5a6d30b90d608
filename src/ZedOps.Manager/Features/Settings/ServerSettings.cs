using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Settings;

/// <summary>
/// The settings editor of one server: reads the ini and SandboxVars through the agent, shows them typed against the
/// catalogue, and saves edits as minimal rewrites (see the partial files for saving, the sandbox and reverts).
/// </summary>
public sealed partial class ServerSettings(ZedOpsDbContext db, SettingsFiles files, SettingsHistory history, Audit.AuditLog audit, ServerSpecs specs)
{
    public async Task<SettingsView> GetAsync(Guid id, bool canSeeSecrets, bool isAdmin, CancellationToken ct)
    {
        var server = await FindAsync(id, ct);
        var read = await files.ReadAsync(server, ct);
        var ini = read[ServerFileKinds.Ini];
        var document = IniDocument.Parse(ini.Content);
        var env = EnvFor(server);
        var config = ServerConfig.FromJson(server.ConfigJson);
        var build = SettingsBuild.Of(config, ini.Exists ? document : null);
        var options = OptionCatalog.For(build).Select(o => OptionView(o, document.Get(o.Key), env.GetValueOrDefault(o.Key), canSeeSecrets)).ToList();
        var unknown = document.Keys.Where(k => OptionCatalog.Find(k, build) is null).Select(k => new UnknownOptionView(k, document.Get(k) ?? "")).ToList();
        var mods = ModList.Read(document.Get("Mods"), document.Get("WorkshopItems"), document.Get("Map"), config.ModLinks);
        return new SettingsView(id, server.Status, SettingsBuild.Label(build), ini.Exists, ini.Hash, isAdmin, options, unknown,
            Sandbox(server, read[ServerFileKinds.Sandbox], build),
            new ModsView(mods, ModList.UsesBackslashForm(document.Get("Mods")), [.. ModList.Warnings(mods)]));
    }

    private static OptionView OptionView(ServerOption o, string? value, EnvOverride? env, bool canSeeSecrets)
    {
        var effective = value ?? o.Default;
        var changed = !o.Generated && !OptionValues.SameValue(o, effective, o.Default);
        string? Mask(string? v) => o.Secret && !canSeeSecrets && !string.IsNullOrEmpty(v) ? SecretMask.MaskText : v;
        var envView = env is null ? null : new EnvOverrideView(env.Variable, Mask(env.Value)!, env.Source.ToString().ToLowerInvariant());
        return new OptionView(o.Key, o.Type.ToString().ToLowerInvariant(), o.Group, o.Description, Mask(value), o.Secret ? "" : o.Default, changed,
            o.Min, o.Max, o.Choices, o.Live, o.AdminOnly, o.Secret, o.B42Only, value is not null, envView);
    }

    /// <summary>The game keeps SandboxVars in memory and writes it back, so it is edited only while the server is stopped.</summary>
    public static string? SandboxLockReason(ServerEntity server) =>
        server.Status is ServerStatuses.Stopped or ServerStatuses.Missing or ServerStatuses.Failed
            ? null
            : $"SandboxVars can be edited only while the server is stopped ('{server.Name}' is {server.Status}): the game holds it in memory and overwrites the file.";

    /// <summary>What the image will overwrite from its environment at the next start (none when the server's secrets
    /// cannot be decrypted: the spec cannot be built then, and the server cannot start either).</summary>
    private IReadOnlyDictionary<string, EnvOverride> EnvFor(ServerEntity server)
    {
        try
        {
            return EnvOverrides.For(server, specs.Build(server).Env);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return new Dictionary<string, EnvOverride>();
        }
    }

    private async Task<ServerEntity> FindAsync(Guid id, CancellationToken ct) =>
        await db.Servers.FirstOrDefaultAsync(s => s.Id == id && s.Status != ServerStatuses.Deleted, ct) ?? throw ServerCommandException.NotFound(id);

    private static ServerCommandException Invalid(IReadOnlyDictionary<string, string> errors) =>
        new(400, "Invalid settings", string.Join(" ", errors.Values), new Dictionary<string, object?>
        {
            ["errors"] = errors.ToDictionary(e => e.Key, e => new[] { e.Value }),
        });

    private static ServerCommandException Stale(string what) =>
        ServerCommandException.Conflict($"{what} changed since it was loaded (the game rewrites it on boot and on changeoption): reload and edit again.");
}
