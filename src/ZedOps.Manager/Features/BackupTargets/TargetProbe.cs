using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.BackupTargets;

/// <summary>"Test" a target from an agent (agents do the copying, so the test runs where copies will run): it connects,
/// writes a small probe object and deletes it. The agent is the one asked for, or else an online agent of a server the
/// target applies to, or else any online agent.</summary>
public sealed class TargetProbe(ZedOpsDbContext db, BackupTargets targets, IAgentLink link, AuditLog audit)
{
    public async Task<BackupTargetTestResult> TestAsync(Guid id, Guid? agentId, AuditActor actor, CancellationToken ct)
    {
        var target = await targets.RemoteAsync(id, ct);
        var view = await targets.GetAsync(id, ct);
        var agent = await PickAgentAsync(view, agentId, ct);
        BackupTargetTestResult result;
        try
        {
            var answer = await link.RequestAsync(agent.Id, Requests.TestRemoteTarget, new TestRemoteTarget(target), ct: ct);
            result = new BackupTargetTestResult(true, agent.Name, answer.Detail);
        }
        catch (WireRequestException ex) when (ex.Code is ErrorCodes.BackupTargetFailed or ErrorCodes.Timeout)
        {
            result = new BackupTargetTestResult(false, agent.Name, ex.Message);
        }
        await audit.WriteAsync(actor, "backup-target.test", $"backup-target:{target.Name}", result.Succeeded, $"from agent {agent.Name}: {result.Detail}", ct);
        return result;
    }

    private async Task<(Guid Id, string Name)> PickAgentAsync(BackupTargetView view, Guid? agentId, CancellationToken ct)
    {
        var agents = await db.Agents.AsNoTracking().Where(a => a.RevokedAt == null).Select(a => new { a.Id, a.Name }).ToListAsync(ct);
        if (agentId is { } wanted)
        {
            var chosen = agents.FirstOrDefault(a => a.Id == wanted) ?? throw new ServerCommandException(404, "Agent not found", $"No agent with id {wanted}.");
            return link.IsOnline(chosen.Id) ? (chosen.Id, chosen.Name)
                : throw new ServerCommandException(503, "Agent offline", $"Agent '{chosen.Name}' is offline; the target was not tested.");
        }
        var used = view.AllServers ? [] : await db.Servers.AsNoTracking().Where(s => view.ServerIds.Contains(s.Id)).Select(s => s.AgentId).ToListAsync(ct);
        var online = agents.Where(a => link.IsOnline(a.Id)).OrderByDescending(a => used.Contains(a.Id)).ThenBy(a => a.Name).ToList();
        return online.Count > 0 ? (online[0].Id, online[0].Name)
            : throw new ServerCommandException(503, "No agent online", "Targets are tested from an agent (agents do the copying), and none is online.");
    }
}
