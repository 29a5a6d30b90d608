using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers;

public sealed partial class ServerLifecycle
{
    /// <summary>How long a restored server may take to reach <c>running</c> before the restore is rolled back.</summary>
    public static readonly TimeSpan RestoreBootBound = TimeSpan.FromMinutes(10);

    /// <summary>Where a backup request finds the server's world on its host.</summary>
    public BackupTarget BackupTargetOf(ServerEntity server) => new(server.Id, ServerSpecs.GameDataPath(server), specs.WorldName(server));

    /// <summary>
    /// Restore: a graceful stop, an automatic "pre-restore" backup of the current world, the swap (the agent checks the
    /// archive before touching anything and keeps the replaced files aside), then a start. The replaced files are
    /// discarded once the server reaches <c>running</c>; if it does not within <see cref="RestoreBootBound"/>, they are
    /// put back and the server started on its old world.
    /// </summary>
    public async Task<ServerEntity> RestoreBackupAsync(Guid id, string backupId, AuditActor actor, Guid? fromTarget = null)
    {
        await CheckSameWorldAsync(id, backupId);
        return await RestoreCheckedAsync(id, backupId, actor, fromTarget);
    }

    /// <summary>Refuses, before the server is stopped, a backup of another world (an upload from another server):
    /// see <see cref="BackupWorlds"/>.</summary>
    private async Task CheckSameWorldAsync(Guid id, string backupId)
    {
        var server = await FindAsync(id);
        var local = await link.RequestAsync(server.AgentId, Requests.ListBackups, new ListBackups(server.Id));
        var backups = await BackupTargets.BackupLocations.AddAsync(db, server.Id, local, CancellationToken.None);
        if (backups.Backups.FirstOrDefault(b => b.Id == backupId) is { } backup && backup.World != specs.WorldName(server))
        {
            throw new ServerCommandException(422, "Backup of another world", BackupWorlds.Mismatch(backup.World, specs.WorldName(server)));
        }
    }

    private Task<ServerEntity> RestoreCheckedAsync(Guid id, string backupId, AuditActor actor, Guid? fromTarget) => BeginAsync(id, "backup.restore", ServerStatuses.Stopping, actor,
        allowed: [ServerStatuses.Running, ServerStatuses.Starting, ServerStatuses.Stopped, ServerStatuses.Failed],
        async (ctx, server, previous) =>
        {
            await FetchFromTargetAsync(ctx, server, backupId, fromTarget);
            if (previous is ServerStatuses.Running or ServerStatuses.Starting)
            {
                await StopOnAgentAsync(ctx, server);
            }
            var target = BackupTargetOf(server);
            var before = await AutomaticBackupAsync(ctx, server, "pre-restore");
            var restored = await link.RequestAsync(server.AgentId, Requests.RestoreBackup, new RestoreBackup(target, backupId));
            foreach (var step in restored.Steps)
            {
                ctx.Step("restore", step);
            }
            foreach (var warning in restored.Warnings ?? [])
            {
                ctx.Warn(warning);
            }
            var status = await StartAndWaitRunningAsync(ctx, server);
            if (status == ServerStatuses.Running)
            {
                await FinishRestoreAsync(ctx, server, target, keep: true);
                ctx.Step("restore", $"backup {backupId} restored; the server is running on it");
                return ServerStatuses.Running;
            }
            ctx.Warn($"the restored world did not reach running within {RestoreBootBound.TotalMinutes:0} minutes; rolling back to the world from before the restore");
            await StopOnAgentAsync(ctx, server);
            await FinishRestoreAsync(ctx, server, target, keep: false);
            var back = await StartAndWaitRunningAsync(ctx, server);
            throw new OperationRolledBackException(
                $"backup {backupId} was restored but the server did not come up on it; the previous world was put back (pre-restore backup {before.Id} also holds it)", back);
        });

    /// <summary>The backup taken before anything replaces a stopped server's world or container (restore, rebuild).
    /// If it fails, the operation fails with the reason and nothing is replaced.</summary>
    private async Task<BackupInfo> AutomaticBackupAsync(ServerContext ctx, ServerEntity server, string reason)
    {
        ctx.Step("backup", $"taking the automatic {reason} backup of the current world");
        try
        {
            var info = await link.RequestAsync(server.AgentId, Requests.CreateBackup, new CreateBackup(BackupTargetOf(server), server.Name, reason, null));
            ctx.Step("backup", $"{reason} backup {info.Id} taken ({info.ArchiveBytes} bytes)");
            _ = ctx.Services.GetRequiredService<BackupTargets.BackupCopier>().AfterBackup(server.Id, server.AgentId, server.Name, info, AuditActor.System);
            return info;
        }
        catch (WireRequestException ex)
        {
            throw new WireRequestException(ex.Code, $"the automatic {reason} backup failed, so nothing was replaced: {ex.Message}");
        }
    }

    private async Task FinishRestoreAsync(ServerContext ctx, ServerEntity server, BackupTarget target, bool keep)
    {
        var finished = await link.RequestAsync(server.AgentId, Requests.FinishRestore, new FinishRestore(target, keep));
        foreach (var step in finished.Steps)
        {
            ctx.Step("restore", step);
        }
    }

    private async Task<string> StartAndWaitRunningAsync(ServerContext ctx, ServerEntity server)
    {
        var spec = specs.Build(server);
        var result = await link.RequestAsync(server.AgentId, Requests.StartServer, new StartServer(spec));
        Record(ctx, result);
        var status = await AfterStartAsync(ctx, spec, result);
        var deadline = time.GetUtcNow() + RestoreBootBound;
        while (status == ServerStatuses.Starting && time.GetUtcNow() < deadline)
        {
            // Readiness arrives as an agent event that updates the row; the operation polls its own row, bounded.
            // Container events do not touch a row while an operation owns it, so a game that dies during boot is
            // seen by asking the agent.
            await Task.Delay(TimeSpan.FromSeconds(1), time);
            ctx.Db.ChangeTracker.Clear();
            status = (await ctx.LoadAsync()).Status;
            if (status == ServerStatuses.Starting)
            {
                var container = (await link.RequestAsync(server.AgentId, Requests.InspectContainer,
                    new InspectContainer(ServerSpecs.ContainerPrefix + server.Name))).Container;
                if (container.State != ContainerStates.Running)
                {
                    ctx.Step("start", $"the game exited during boot (container {container.State})");
                    return ServerStatuses.Failed;
                }
            }
        }
        return status;
    }
}
