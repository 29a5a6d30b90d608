using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Containers;
using ZedOps.Manager.Features.Players;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Rcon;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Tests.Features.Agents;

/// <summary>A hostile agent (a raw socket with a valid agent token) against the manager: it cannot write another
/// agent's servers, and what it sends is cut to bounds before the manager keeps it.</summary>
public sealed class AgentTrustTests : IAsyncLifetime
{
    private ManagerHost _manager = default!;
    private HttpClient _admin = default!;
    private RawAgentSocket _hostile = default!;
    private Guid _hostileAgent;
    private Guid _ownServer;
    private Guid _victimServer;

    public async Task InitializeAsync()
    {
        _manager = await ManagerHost.StartAsync();
        _admin = await _manager.CreateAdminClientAsync();
        var victim = await _manager.RegisterAgentAsync(_admin, "victim");
        var hostile = await _manager.RegisterAgentAsync(_admin, "hostile");
        _hostileAgent = hostile.AgentId;
        _victimServer = await _manager.AddServerRowAsync(victim.AgentId, "victims-world", status: ServerStatuses.Starting);
        _ownServer = await _manager.AddServerRowAsync(hostile.AgentId, "own-world", status: ServerStatuses.Starting);
        _hostile = await RawAgentSocket.ConnectAsync(_manager.BaseAddress, hostile.AgentToken);
        await _hostile.SendHelloAsync();
        await _manager.WaitOnlineAsync(hostile.AgentId);
    }

    public async Task DisposeAsync()
    {
        await _hostile.DisposeAsync();
        await _manager.DisposeAsync();
        _manager.DeleteData();
    }

    private ServerActivity Activity => _manager.Services.GetRequiredService<ServerActivity>();

    /// <summary>Events are handled in arrival order: once this progress line of the agent's own server is recorded,
    /// everything sent before it has been handled.</summary>
    private async Task FenceAsync()
    {
        var marker = "fence-" + Guid.NewGuid().ToString("N");
        await _hostile.SendEventAsync(Events.ServerProgress, new ServerProgress(_ownServer, "fence", marker, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(() => Activity.Recent(_ownServer).Any(e => e.Message == marker), "the fence event was handled");
    }

    [Fact]
    public async Task AgentNamesAnotherAgentsServer_EverySubjectRefused()
    {
        var now = DateTimeOffset.UtcNow;
        await _hostile.SendEventAsync(Events.ServerReady, new ServerReady(_victimServer, "victims-world", now));
        await _hostile.SendEventAsync(Events.ServerProgress, new ServerProgress(_victimServer, "stop", "forged progress", now));
        await _hostile.SendEventAsync(Events.PlayersReported, new PlayersReported(_victimServer, ["mallory"], true, PlayerSources.Poll, now));
        await FenceAsync();

        await using var scope = _manager.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().Servers.AsNoTracking().SingleAsync(s => s.Id == _victimServer);
        Assert.Equal(ServerStatuses.Starting, row.Status);
        Assert.Empty(Activity.Recent(_victimServer));
        Assert.Empty(_manager.Services.GetRequiredService<PlayerRoster>().Get(_victimServer).Online);
    }

    [Fact]
    public async Task AgentNamesItsOwnServer_Accepted()
    {
        await _hostile.SendEventAsync(Events.ServerReady, new ServerReady(_ownServer, "own-world", DateTimeOffset.UtcNow));
        await FenceAsync();

        await using var scope = _manager.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().Servers.AsNoTracking().SingleAsync(s => s.Id == _ownServer);
        Assert.Equal(ServerStatuses.Running, row.Status);
    }

    [Fact]
    public async Task OversizedTexts_CutBeforeTheManagerKeepsThem()
    {
        var now = DateTimeOffset.UtcNow;
        // Players of a running server: the player watch empties the roster of servers that are not running, at any moment.
        var playing = await _manager.AddServerRowAsync(_hostileAgent, "playing-world", status: ServerStatuses.Running);
        var huge = new string('x', 256 * 1024);
        for (var i = 0; i < 3; i++)
        {
            await _hostile.SendEventAsync(Events.ServerProgress, new ServerProgress(_ownServer, huge, huge, now));
        }
        var names = Enumerable.Range(0, 3_000).Select(i => $"p{i:D5}" + new string('y', 300)).ToList();
        await _hostile.SendEventAsync(Events.PlayersReported, new PlayersReported(playing, names, true, PlayerSources.Poll, now));
        for (var i = 0; i < AgentInputLimits.MaxContainersPerAgent + 50; i++)
        {
            var id = $"{i:x64}";
            var container = new ContainerSummary(id, $"junk-{i}", "img", ContainerStates.Running, "Up", now, now, null, null, true,
                new Dictionary<string, string>(), []);
            await _hostile.SendEventAsync(Events.ContainerStateChanged, new ContainerStateChanged(id, container.Name, "start", ContainerStates.Running, null, now, container));
        }
        await FenceAsync();

        Assert.All(Activity.Recent(_ownServer), e => Assert.True(e.Message.Length <= AgentInputLimits.MaxProgressText + 1 && e.Step.Length <= AgentInputLimits.MaxShortText + 1));
        var online = _manager.Services.GetRequiredService<PlayerRoster>().Get(playing).Online;
        Assert.Equal(AgentInputLimits.MaxPlayers, online.Count);
        Assert.All(online, p => Assert.True(p.Name.Length <= AgentInputLimits.MaxPlayerName + 1));
        Assert.Equal(AgentInputLimits.MaxContainersPerAgent, _manager.Services.GetRequiredService<ContainerFleet>().Containers(_hostileAgent).Count);
    }
}
