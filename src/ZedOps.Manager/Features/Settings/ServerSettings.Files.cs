using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Settings;

public sealed partial class ServerSettings
{
    /// <summary>Writes an older version back byte for byte (as a new version). The sandbox only while stopped; an ini
    /// version that differs in admin-only keys needs an admin.</summary>
    public async Task<SaveSettingsResult> RevertAsync(Guid id, long versionId, AuditActor actor, bool isAdmin, CancellationToken ct)
    {
        var server = await FindAsync(id, ct);
        var (kind, content) = await history.ContentAsync(id, versionId, ct)
            ?? throw new ServerCommandException(404, "Version not found", $"Server {id} has no settings version {versionId}.");
        if (kind == ServerFileKinds.Sandbox && SandboxLockReason(server) is { } locked)
        {
            throw ServerCommandException.Conflict(locked);
        }
        var file = (await files.ReadAsync(server, ct))[kind];
        if (kind == ServerFileKinds.Ini)
        {
            var (now, then) = (IniDocument.Parse(file.Content), IniDocument.Parse(content));
            RequireAdminFor(OptionCatalog.All.Where(o => now.Get(o.Key) != then.Get(o.Key)).Select(o => o.Key), isAdmin);
        }
        if (file.Content == content)
        {
            return new SaveSettingsResult(file.Hash, [], [], [], [], null);
        }
        return await WriteAndRecordAsync(server, file, content, actor, SettingsHistory.Revert, $"{kind}: reverted to version {versionId}", ct);
    }

    private async Task<SaveSettingsResult> WriteAndRecordAsync(Data.Entities.ServerEntity server, ServerFile file, string content, AuditActor actor,
        string action, string summary, CancellationToken ct)
    {
        await history.ObserveAsync(server.Id, file, ct);
        var written = await files.WriteAsync(server, file.Kind, content, file.Hash, ct);
        await history.RecordAsync(server.Id, file.Kind, actor.Name, action, summary, file.Content, written, ct);
        await audit.WriteAsync(actor, AuditAction, $"server:{server.Name}", details: summary, ct: ct);
        var versionId = await history.LatestIdAsync(server.Id, ct);
        var restart = server.Status == ServerStatuses.Running ? new[] { file.Kind } : [];
        return new SaveSettingsResult(written.Hash, [file.Kind], [], restart, [], versionId);
    }

    /// <summary>Saves the mod list: Mods=, WorkshopItems= and Map= together, in the form the file already uses, and the
    /// Workshop item → mod ids links in the configuration.</summary>
    public async Task<SaveSettingsResult> SaveModsAsync(Guid id, SaveModsRequest request, AuditActor actor, bool isAdmin, CancellationToken ct)
    {
        var server = await FindAsync(id, ct);
        if (request.Mods is not { } state)
        {
            throw ServerCommandException.Invalid("No mod list", "Send mods: { items: [{ workshopId, modIds, maps }], localModIds, maps }.");
        }
        state = state with { Items = state.Items ?? [], LocalModIds = state.LocalModIds ?? [], Maps = state.Maps ?? [] };
        var problems = ModList.Problems(state).ToList();
        if (problems.Count > 0)
        {
            throw Invalid(problems.Select((p, i) => (Key: p[..p.IndexOf(':', StringComparison.Ordinal)] + (i == 0 ? "" : $"[{i}]"), p))
                .ToDictionary(e => e.Key, e => e.p, StringComparer.Ordinal));
        }
        var ini = IniDocument.Parse((await files.ReadAsync(server, ct))[ServerFileKinds.Ini].Content);
        var (mods, workshop, map) = ModList.Write(state, ModList.UsesBackslashForm(ini.Get("Mods")));
        var links = state.Items.GroupBy(i => i.WorkshopId).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.SelectMany(i => i.ModIds).ToList(), StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["Mods"] = mods, ["WorkshopItems"] = workshop, ["Map"] = map };
        return await WriteIniAsync(server, request.Hash, values, actor, isAdmin, c => c with { ModLinks = links }, ct);
    }
}
