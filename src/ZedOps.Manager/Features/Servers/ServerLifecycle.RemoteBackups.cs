using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.BackupTargets;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;

namespace ZedOps.Manager.Features.Servers;

public sealed partial class ServerLifecycle
{
    /// <summary>Before a restore: when asked to restore from a target, or when the backup is no longer on the agent's
    /// host but a copy exists on a target, the agent downloads it into its local store and verifies it (checksum and
    /// manifest) first; the usual restore then runs on it.</summary>
    private async Task FetchFromTargetAsync(ServerContext ctx, ServerEntity server, string backupId, Guid? fromTarget)
    {
        if (fromTarget is null)
        {
            var local = await link.RequestAsync(server.AgentId, Requests.ListBackups, new ListBackups(server.Id));
            if (local.Backups.Any(b => b.Id == backupId))
            {
                return;
            }
            fromTarget = await BackupLocations.CopiedOnAsync(ctx.Db, server.Id, backupId, CancellationToken.None);
            if (fromTarget is null)
            {
                return; // the restore itself says the backup does not exist
            }
        }
        var target = await ctx.Services.GetRequiredService<BackupTargets.BackupTargets>().RemoteAsync(fromTarget.Value, CancellationToken.None);
        ctx.Step("restore", $"downloading backup {backupId} from target '{target.Name}'");
        var info = await link.RequestAsync(server.AgentId, Requests.FetchBackup, new FetchBackup(server.Id, backupId, target));
        ctx.Step("restore", $"backup {backupId} downloaded from '{target.Name}' and verified ({info.ArchiveBytes} bytes)");
    }
}
