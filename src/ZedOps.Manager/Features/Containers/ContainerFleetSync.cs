using ZedOps.Manager.Features.Agents;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Containers;

/// <summary>When an agent comes online, fetch its containers (events keep them current afterwards) and resume the
/// console feeds viewers still hold; when it goes offline, drop what can no longer be vouched for.</summary>
internal sealed partial class ContainerFleetSync(
    AgentRegistry registry, IAgentLink link, ContainerFleet fleet, ContainerLogHub logs, ILogger<ContainerFleetSync> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Keyed by the connection's start: an agent that moved to another replica (or reconnected) without an offline
        // in between still has its feeds resumed, since the agent dropped them with its old socket.
        var online = new Dictionary<Guid, DateTimeOffset?>();
        var (snapshot, changes) = registry.Subscribe(stoppingToken);
        foreach (var state in snapshot.Where(s => s.Online))
        {
            online[state.Id] = state.ConnectedAt;
            _ = RefreshAsync(state.Id, stoppingToken);
        }
        await foreach (var state in changes.WithCancellation(stoppingToken))
        {
            var was = online.TryGetValue(state.Id, out var since);
            if (state.Online)
            {
                online[state.Id] = state.ConnectedAt;
            }
            else
            {
                online.Remove(state.Id);
            }
            if (state.Online && (!was || since != state.ConnectedAt))
            {
                if (was)
                {
                    logs.AgentWentOffline(state.Id);
                }
                _ = RefreshAsync(state.Id, stoppingToken);
                _ = logs.ResumeAgentAsync(state.Id, stoppingToken);
            }
            else if (!state.Online && was)
            {
                fleet.Forget(state.Id);
                logs.AgentWentOffline(state.Id);
            }
        }
    }

    public async Task RefreshAsync(Guid agentId, CancellationToken ct)
    {
        try
        {
            var result = await link.RequestAsync(agentId, Requests.ListContainers, new ListContainers(All: false), ct: ct);
            fleet.Replace(agentId, result.Containers);
        }
        catch (WireRequestException ex)
        {
            LogRefreshFailed(logger, agentId, ex.Code, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "Could not list containers of agent {AgentId}: {Code} {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, Guid agentId, string code, string reason);
}
