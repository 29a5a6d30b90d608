using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Backups;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers;

public sealed partial class ServerLifecycle
{
    /// <summary>
    /// Builds a new server (its row just written by <see cref="ServerCreation.CreateRowAsync"/>) on a backup of another:
    /// the container is created but not started, the backup's archive is copied into the new server's backups (on the
    /// same host by its agent, from another host streamed through the manager) and verified there, restored like any
    /// backup, and only then is the server started, so its first boot loads the backup's world.
    /// </summary>
    internal void CloneFromBackup(ServerEntity row, ServerEntity source, BackupInfo backup, AuditActor actor)
    {
        operations.TryBegin(row.Id, "backup.clone");
        _ = operations.RunAsync(row.Id, "backup.clone", actor, async ctx =>
        {
            var server = await ctx.LoadAsync();
            var spec = specs.Build(server);
            ctx.Step("create", $"creating {spec.Image} on the agent, not started: its world comes from backup {backup.Id} of '{source.Name}'");
            var created = await link.RequestAsync(server.AgentId, Requests.CreateServer, new CreateServer(spec, Start: false));
            Record(ctx, created);
            await ctx.SetStatusAsync(ServerStatuses.Creating, r => (r.ContainerId, r.DataExists) = (created.Container?.Id, true));
            var copy = await CopyBackupAsync(ctx, server, source, backup);
            var target = BackupTargetOf(server);
            var restored = await link.RequestAsync(server.AgentId, Requests.RestoreBackup, new RestoreBackup(target, copy.Id));
            foreach (var step in restored.Steps)
            {
                ctx.Step("restore", step);
            }
            foreach (var warning in restored.Warnings ?? [])
            {
                ctx.Warn(warning);
            }
            var status = await StartAndWaitRunningAsync(ctx, server);
            // A new server had no world of its own to go back to: what was set aside is discarded either way.
            await FinishRestoreAsync(ctx, server, target, keep: true);
            return status == ServerStatuses.Running
                ? ServerStatuses.Running
                : throw new InvalidOperationException($"the cloned world did not reach running within {RestoreBootBound.TotalMinutes:0} minutes; the new server keeps it (see its console)");
        });
    }

    private async Task<BackupInfo> CopyBackupAsync(ServerContext ctx, ServerEntity server, ServerEntity source, BackupInfo backup)
    {
        ctx.Step("backup", $"copying backup {backup.Id} ({backup.ArchiveBytes} bytes, world '{backup.World}') from '{source.Name}' into the new server's backups");
        var labels = CommitLabels.CloneOf(backup);
        BackupInfo copy;
        if (source.AgentId == server.AgentId)
        {
            copy = await link.RequestAsync(server.AgentId, Requests.CopyBackup,
                new CopyBackup(source.Id, backup.Id, server.Id, labels.Reason, labels.Consistent, labels.Note));
        }
        else
        {
            // Another host: the archive streams from the source's agent through the manager to the new server's agent.
            var transfers = ctx.Services.GetRequiredService<BackupTransfers>();
            var chunks = transfers.ReadAsync(source.AgentId, source.Id, backup.Id, backup.ArchiveBytes, CancellationToken.None);
            copy = await transfers.UploadAsync(server.AgentId, server.Id, backup.ArchiveBytes, chunks, labels, CancellationToken.None);
        }
        if (!string.Equals(copy.ArchiveSha256, backup.ArchiveSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new WireRequestException(ErrorCodes.BackupCorrupt, $"the copied archive's SHA-256 {copy.ArchiveSha256} differs from the source's {backup.ArchiveSha256}");
        }
        ctx.Step("backup", $"backup {copy.Id} of the new server verified: {copy.Files} files, SHA-256 as the source's");
        return copy;
    }
}
