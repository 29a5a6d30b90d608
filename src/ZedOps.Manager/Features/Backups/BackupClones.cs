using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Backups;

/// <summary>
/// "Restore into a new server": a new server with the source's image profile, tag, settings and join password, fresh
/// ports and its own name, whose first boot loads the backup's world.
/// PZ names a world by the server name (<c>-servername</c>), and that name is written inside the world too
/// (<c>players.db</c>'s <c>world</c> column, the accounts in <c>db/&lt;world&gt;.db</c>), so renaming the files would
/// lose the characters. The new server therefore keeps the backup's world name (its <c>worldName</c> setting, which
/// drives <c>-servername</c>): nothing in the archive is renamed, and the world is exactly the one backed up.
/// </summary>
public sealed class BackupClones(BackupStreams streams, ServerCreation creation, ServerSpecs specs, ServerLifecycle lifecycle, AuditLog audit)
{
    public sealed record CloneRequest(string? Name, Guid? AgentId);

    public async Task<ServerEntity> StartAsync(Guid sourceId, string backupId, CloneRequest request, AuditActor actor, CancellationToken ct)
    {
        var (source, backup) = await streams.FindLocalAsync(sourceId, backupId, ct);
        var agentId = request.AgentId ?? source.AgentId;
        var name = request.Name?.Trim();
        var config = ServerConfig.FromJson(source.ConfigJson) with { WorldName = backup.World == name ? null : backup.World };
        var create = new CreateServerRequest(name, source.ProfileId, source.Tag, null, null, null, null, null, null,
            specs.Secrets(source).ServerPassword, source.StopTimeoutSeconds, config);
        var row = await creation.CreateRowAsync(agentId, create, ct);
        lifecycle.CloneFromBackup(row, source, backup, actor);
        await audit.WriteAsync(actor, "backup.clone", $"server:{source.Name}", true,
            $"{backup.Id} (world '{backup.World}') → new server '{row.Name}'{(agentId == source.AgentId ? "" : $" on agent {agentId}")}", ct);
        return row;
    }
}
