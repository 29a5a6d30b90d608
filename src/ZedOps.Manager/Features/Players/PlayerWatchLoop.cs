using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Rcon;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Players;

/// <summary>
/// Keeps the agents watching the players of the servers that need it (see <see cref="PlayersOptions"/> for the rule):
/// every <see cref="PlayersOptions.RenewEvery"/> it renews each lease, and at once when a server gets its first viewer.
/// Servers that are no longer running get an empty list, which closes their open sessions.
/// </summary>
internal sealed partial class PlayerWatchLoop(IServiceScopeFactory scopes, IAgentLink link, AgentRegistry registry, PlayerRoster roster,
    IOptions<PlayersOptions> options, ILogger<PlayerWatchLoop> logger, TimeProvider time) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        roster.ViewersChanged += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RenewAsync(stoppingToken);
                using var timeout = new CancellationTokenSource(options.Value.RenewEvery, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
                await _wake.WaitAsync(linked.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
        finally
        {
            roster.ViewersChanged -= Wake;
        }
    }

    private void Wake()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Someone woke it meanwhile.
            }
        }
    }

    private async Task RenewAsync(CancellationToken ct)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var specs = scope.ServiceProvider.GetRequiredService<ServerSpecs>();
        var servers = await db.Servers.AsNoTracking().ToListAsync(ct);
        foreach (var server in servers)
        {
            if (server.Status != ServerStatuses.Running)
            {
                if (roster.Count(server.Id) > 0)
                {
                    await roster.ApplyAsync(server.Id, [], time.GetUtcNow(), ct);
                }
                continue;
            }
            // History is kept by the replica holding the agent's socket (every agent's on one node); a viewer's replica
            // renews only what its viewers look at, so with several replicas an agent is not asked once per replica.
            var wanted = roster.IsViewed(server.Id) || settings.KeepHistory && registry.Find(server.AgentId) is not null;
            if (!wanted || !link.IsOnline(server.AgentId) || specs.Rcon(server) is not { Port: > 0, Password.Length: > 0 } rcon)
            {
                continue;
            }
            try
            {
                await link.RequestAsync(server.AgentId, Requests.WatchPlayers, new WatchPlayers(server.Id, server.Name, rcon,
                    (int)Math.Ceiling(settings.PollInterval.TotalSeconds), (int)Math.Ceiling(settings.Lease.TotalSeconds)), ct: ct);
            }
            catch (WireRequestException ex)
            {
                LogRenewFailed(logger, server.Name, ex.Code, ex.Message);
            }
        }
    }

    [LoggerMessage(LogLevel.Debug, "Player watch of {Server} not renewed: {Code} {Reason}")]
    private static partial void LogRenewFailed(ILogger logger, string server, string code, string reason);
}

internal static class PlayerRoutes
{
    /// <summary>Player lists pushed by agents; a report from a stopped container empties the list.</summary>
    public static AgentRoutes Create(IServiceProvider services)
    {
        var roster = services.GetRequiredService<PlayerRoster>();
        return new AgentRoutes((router, _) => router
            .On(Events.PlayersReported, async (report, ct) =>
            {
                try
                {
                    await roster.ApplyAsync(report.ServerId, report.Running ? report.Online : [], report.At, ct);
                }
                catch (DbUpdateException)
                {
                    // The server was purged while its watch ran; the lease ends on its own.
                }
            }));
    }
}
