using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers.Pages;

public sealed partial class CreateServerPage
{
    [CascadingParameter] private ZedOps.Manager.Features.Audit.ClientInfo? Client { get; set; }
    private List<(Guid Id, string Name, string Status)> _agents = [];
    private Guid? _agentId;
    private string? _name;
    private string _profileId = "pz-sim";
    private string? _tag;
    private int _gamePort = PortAllocator.FirstGamePort;
    private int _udpPort = PortAllocator.FirstGamePort + 1;
    private int _rconPort = PortAllocator.FirstRconPort;
    private int _maxPlayers = 16;
    private string? _publicName;
    private string? _mods;
    private string? _workshop;
    private string? _adminPassword;
    private string? _rconPassword;
    private string? _dataPath;
    private string? _error;
    private bool _busy;
    private PortCheckResponse? _portCheck;

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private AgentRegistry Registry { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var rows = await db.Agents.AsNoTracking().Where(a => a.RevokedAt == null).OrderBy(a => a.Name).Select(a => new { a.Id, a.Name }).ToListAsync();
        _agents = [.. rows.Select(a => (a.Id, a.Name, Registry.State(a.Id)?.Status ?? AgentStatuses.Offline))];
        if (_agents.FirstOrDefault(a => a.Status == AgentStatuses.Online) is { Name: not null } first && RendererInfo.IsInteractive)
        {
            await AgentChangedAsync(first.Id);
        }
    }

    private async Task AgentChangedAsync(Guid? agentId)
    {
        _agentId = agentId;
        if (agentId is not { } id)
        {
            return;
        }
        await using var scope = ScopeFactory.CreateAsyncScope();
        try
        {
            var suggestion = await scope.ServiceProvider.GetRequiredService<PortAllocator>().SuggestAsync(id, CancellationToken.None);
            (_gamePort, _udpPort, _rconPort) = (suggestion.GamePort, suggestion.UdpPort, suggestion.RconPort);
            await CheckPortsAsync();
        }
        catch (ServerCommandException ex)
        {
            _error = ex.Message;
        }
    }

    private async Task PortsChangedAsync(Action change)
    {
        change();
        await CheckPortsAsync();
    }

    private async Task CheckPortsAsync()
    {
        if (_agentId is not { } agentId)
        {
            return;
        }
        await using var scope = ScopeFactory.CreateAsyncScope();
        var ports = scope.ServiceProvider.GetRequiredService<PortAllocator>();
        var problems = ServerValidation.PortProblems(_gamePort, _udpPort, _rconPort).ToList();
        try
        {
            var conflicts = problems.Count > 0 ? [] : await ports.ConflictsAsync(agentId, [new(_gamePort, "udp"), new(_udpPort, "udp"), new(_rconPort, "tcp")], null, CancellationToken.None);
            _portCheck = new PortCheckResponse(problems.Count == 0 && conflicts.Count == 0, problems, conflicts);
        }
        catch (ServerCommandException ex)
        {
            _portCheck = new PortCheckResponse(false, [ex.Message], []);
        }
    }

    private async Task CreateAsync()
    {
        var user = (await AuthState).User;
        if (!ZedOps.Manager.Features.Auth.AdminRights.Has(user))
        {
            _error = "Only admins can create servers.";
            return;
        }
        if (_agentId is not { } agentId)
        {
            _error = "Choose the host the server runs on.";
            return;
        }
        _busy = true;
        _error = null;
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            var creation = scope.ServiceProvider.GetRequiredService<ServerCreation>();
            var config = new ServerConfig { MaxPlayers = _maxPlayers, PublicName = Empty(_publicName), Mods = Empty(_mods), WorkshopItems = Empty(_workshop) };
            var row = await creation.CreateAsync(agentId, new CreateServerRequest(_name?.Trim(), _profileId, Empty(_tag), _gamePort, _udpPort, _rconPort,
                Empty(_dataPath), Empty(_adminPassword), Empty(_rconPassword), null, null, config), AuditActor.From(user, Client), CancellationToken.None);
            Navigation.NavigateTo($"/servers/{row.Id}");
        }
        catch (Exception ex) when (ex is ServerCommandException or WireRequestException)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
