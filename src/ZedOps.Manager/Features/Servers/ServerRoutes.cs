using ZedOps.Manager.Features.Agents;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers;

internal static class ServerRoutes
{
    /// <summary>Game-server events pushed by agents: container changes, readiness, crashes, operation progress, mod checks.</summary>
    public static AgentRoutes Create(IServiceProvider services)
    {
        var sync = services.GetRequiredService<ServerSync>();
        var activity = services.GetRequiredService<ServerActivity>();
        var crashes = services.GetRequiredService<ServerCrashes>();
        var mods = services.GetRequiredService<Mods.ModUpdateWatcher>();
        return new AgentRoutes((router, connection) => router
            .On(Events.ContainerStateChanged, (change, ct) => sync.OnContainerChangedAsync(connection.AgentId, change, ct))
            .On(Events.ServerReady, (ready, ct) => sync.OnReadyAsync(ready, ct))
            .On(Events.ServerCrashed, (crash, ct) => crashes.OnCrashedAsync(connection.AgentId, crash, ct))
            .On(Events.ServerProgress, (progress, _) =>
            {
                activity.Add(new ServerActivityEntry(progress.ServerId, progress.At, progress.Step, progress.Message));
                return ValueTask.CompletedTask;
            })
            .On(Events.BackupProgressed, (progress, _) =>
            {
                activity.SetProgress(progress);
                return ValueTask.CompletedTask;
            })
            .On(Events.ModsUpdateChecked, async (check, ct) =>
            {
                activity.Add(new ServerActivityEntry(check.ServerId, check.At, "mods", ModsCheckText(check.Result)));
                await mods.OnAnswerAsync(check, ct);
            }));
    }

    internal static string ModsCheckText(string result) => result switch
    {
        Protocol.Servers.ModsCheckResults.NeedUpdate => "Mod check: mods need update (restart the server to load them)",
        Protocol.Servers.ModsCheckResults.UpToDate => "Mod check: mods are up to date",
        _ => "Mod check: not completed (the workshop query failed)",
    };
}

/// <summary>Reconciles each agent's servers when it comes online (the agent and Docker are the truth).</summary>
internal sealed class ServerSyncOnConnect(AgentRegistry registry, ServerSync sync, ILogger<ServerSyncOnConnect> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var online = new HashSet<Guid>();
        var (snapshot, changes) = registry.Subscribe(stoppingToken);
        foreach (var state in snapshot.Where(s => s.Online && registry.Find(s.Id) is not null))
        {
            online.Add(state.Id);
            _ = SyncAsync(state.Id, stoppingToken);
        }
        await foreach (var state in changes.WithCancellation(stoppingToken))
        {
            // Only the replica holding the agent's socket syncs it (on one node that is every online agent).
            var here = state.Online && registry.Find(state.Id) is not null;
            if (here && online.Add(state.Id))
            {
                _ = SyncAsync(state.Id, stoppingToken);
            }
            else if (!here)
            {
                online.Remove(state.Id);
            }
        }
    }

    private async Task SyncAsync(Guid agentId, CancellationToken ct)
    {
        try
        {
            await sync.SyncAgentAsync(agentId, ct);
        }
        catch (WireRequestException ex)
        {
            logger.LogInformation("Sync of agent {AgentId} on connect failed: {Code} {Reason}", agentId, ex.Code, ex.Message);
        }
    }
}
