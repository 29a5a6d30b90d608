using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Agents;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Servers;

public sealed record SyncReport(int Servers, int Updated, IReadOnlyList<ContainerSummary> Orphans, DateTimeOffset At);

/// <summary>Makes the catalogue tell the truth: container state, container id and data existence come from the agent.
/// Runs on every agent connect, on demand and (per container) from Docker events. It never deletes anything.</summary>
public sealed partial class ServerSync(
    IDbContextFactory<ZedOpsDbContext> dbFactory, IAgentLink link, ServerOperations operations, ServerActivity activity, ILogger<ServerSync> logger)
{
    public const string ServerIdLabel = "zedops.server.id";

    public async Task<SyncReport> SyncAgentAsync(Guid agentId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Servers.Where(s => s.AgentId == agentId).ToListAsync(ct);
        var policies = rows.Where(r => r.Status != ServerStatuses.Deleted).ToDictionary(r => r.Id, r => ServerSpecs.CrashPolicy(ServerConfig.FromJson(r.ConfigJson)));
        var inventory = await link.RequestAsync(agentId, Requests.ServerInventory, new ServerInventory([.. rows.Select(r => r.DataPath).Distinct()], policies), ct: ct);
        var byServer = inventory.Containers
            .Where(c => c.Labels.TryGetValue(ServerIdLabel, out var id) && Guid.TryParse(id, out _))
            .GroupBy(c => Guid.Parse(c.Labels[ServerIdLabel]))
            .ToDictionary(g => g.Key, g => g.First());
        var updated = 0;
        var ready = (inventory.Ready ?? []).ToHashSet();
        foreach (var row in rows)
        {
            var before = (row.Status, row.ContainerId, row.DataExists);
            Reconcile(row, byServer.GetValueOrDefault(row.Id), inventory.DataExists.GetValueOrDefault(row.DataPath), ready.Contains(row.Id));
            if (before != (row.Status, row.ContainerId, row.DataExists))
            {
                row.UpdatedAt = DateTimeOffset.UtcNow;
                updated++;
            }
        }
        await db.SaveChangesAsync(ct);
        foreach (var row in rows)
        {
            activity.Changed(row.Id);
        }
        var known = rows.Select(r => r.Id).ToHashSet();
        var orphans = inventory.Containers.Where(c => !c.Labels.TryGetValue(ServerIdLabel, out var id) || !Guid.TryParse(id, out var g) || !known.Contains(g)).ToList();
        LogSynced(logger, agentId, rows.Count, updated, orphans.Count);
        return new SyncReport(rows.Count, updated, orphans, DateTimeOffset.UtcNow);
    }

    private void Reconcile(ServerEntity row, ContainerSummary? container, bool dataExists, bool ready)
    {
        row.DataExists = dataExists;
        if (operations.IsBusy(row.Id))
        {
            return; // the running operation owns the status; facts above are still refreshed
        }
        row.ContainerId = container?.Id;
        if (row.Status == ServerStatuses.Deleted)
        {
            return;
        }
        if (container is null)
        {
            if (row.Status == ServerStatuses.Creating)
            {
                row.Status = ServerStatuses.Failed;
                row.LastError = "Creation was interrupted (the manager or agent stopped before it finished); edit and retry, or purge.";
            }
            else if (row.Status != ServerStatuses.Failed)
            {
                row.Status = ServerStatuses.Missing;
            }
            return;
        }
        // Only failed survives a full sync: a restarting left over from an agent that died in its backoff would stay forever.
        row.Status = StickyCrashStatus(row.Status == ServerStatuses.Restarting ? ServerStatuses.Stopped : row.Status,
            ServerStatuses.FromContainer(container.State, ready ? ServerStatuses.Running : row.Status));
        if (row.Status is ServerStatuses.Running or ServerStatuses.Starting)
        {
            // A running container outdates an earlier failure (e.g. "agent disconnected" written as the manager died).
            row.LastError = null;
            row.StartedAt ??= container.StartedAt;
        }
    }

    /// <summary>One container changed (Docker event): update its server's status at once.</summary>
    public async ValueTask OnContainerChangedAsync(Guid agentId, ContainerStateChanged change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await FindAsync(db, agentId, change, ct);
        if (row is null || operations.IsBusy(row.Id) || row.Status == ServerStatuses.Deleted)
        {
            return;
        }
        var status = StickyCrashStatus(row.Status, ServerStatuses.FromContainer(change.State, row.Status));
        if (status == row.Status && row.ContainerId == (change.Container?.Id ?? row.ContainerId))
        {
            return;
        }
        row.Status = status;
        row.ContainerId = change.State == ContainerStates.Removed ? null : change.Container?.Id ?? row.ContainerId;
        row.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(ct);
        activity.Add(new ServerActivityEntry(row.Id, change.At, "docker", $"container {change.Action} → {status}"));
    }

    /// <summary>A stopped container does not clear <c>failed</c> (a crash loop stays an alert until someone starts the
    /// server) nor <c>restarting</c> (the agent restarts it after the crash backoff; the die may be read after the crash report).</summary>
    internal static string StickyCrashStatus(string current, string next) =>
        next == ServerStatuses.Stopped && current is ServerStatuses.Failed or ServerStatuses.Restarting ? current : next;

    public async ValueTask OnReadyAsync(ServerReady ready, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Servers.FirstOrDefaultAsync(s => s.Id == ready.ServerId, ct);
        if (row is null || row.Status is not (ServerStatuses.Starting or ServerStatuses.Creating or ServerStatuses.Restarting or ServerStatuses.Rebuilding))
        {
            return;
        }
        row.Status = ServerStatuses.Running;
        row.LastError = null;
        row.UpdatedAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync(ct);
        activity.Add(new ServerActivityEntry(row.Id, ready.At, "ready", "the server reported it is ready"));
    }

    private static Task<ServerEntity?> FindAsync(ZedOpsDbContext db, Guid agentId, ContainerStateChanged change, CancellationToken ct)
    {
        if (change.Container?.Labels.TryGetValue(ServerIdLabel, out var label) == true && Guid.TryParse(label, out var id))
        {
            return db.Servers.FirstOrDefaultAsync(s => s.Id == id && s.AgentId == agentId, ct);
        }
        var name = change.Name.StartsWith(ServerSpecs.ContainerPrefix, StringComparison.Ordinal) ? change.Name[ServerSpecs.ContainerPrefix.Length..] : null;
        return db.Servers.FirstOrDefaultAsync(s => s.AgentId == agentId && (s.ContainerId == change.Id || s.Name == name), ct);
    }

    [LoggerMessage(LogLevel.Information, "Synced agent {AgentId}: {Servers} servers, {Updated} updated, {Orphans} orphan containers")]
    private static partial void LogSynced(ILogger logger, Guid agentId, int servers, int updated, int orphans);
}
