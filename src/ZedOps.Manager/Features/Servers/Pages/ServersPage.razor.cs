using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using ZedOps.Manager.Components.Shared;
using ZedOps.Manager.Features.Auth;

namespace ZedOps.Manager.Features.Servers.Pages;

public sealed partial class ServersPage
{
    private static readonly string[] s_statuses =
    [
        ServerStatuses.Creating, ServerStatuses.Starting, ServerStatuses.Running, ServerStatuses.Stopping, ServerStatuses.Stopped,
        ServerStatuses.Restarting, ServerStatuses.Rebuilding, ServerStatuses.Missing, ServerStatuses.Failed, ServerStatuses.Deleted,
    ];

    private readonly CancellationTokenSource _disposed = new();
    private List<ServerView> _rows = [];
    private string? _search;
    private string? _status;
    private string? _agent;
    private bool _isAdmin;
    private Task? _loop;

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private ServerActivity Activity { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private List<ServerView> Visible => _rows
        .Where(r => string.IsNullOrWhiteSpace(_search) || r.Name.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase))
        .Where(r => _status is null || r.Status == _status)
        .Where(r => _agent is null || r.AgentName == _agent)
        .ToList();

    protected override async Task OnInitializedAsync()
    {
        _isAdmin = ZedOps.Manager.Features.Auth.AdminRights.Has((await AuthState).User);
        var changes = Activity.Subscribe(_disposed.Token);
        await ReloadAsync();
        if (RendererInfo.IsInteractive)
        {
            Roster.Changed += OnPlayersChanged;
            _loop = LiveBatcher.RunAsync(changes, _ => { }, async () => { await ReloadAsync(); await InvokeAsync(StateHasChanged); },
                TimeSpan.FromMilliseconds(250), _disposed.Token);
        }
    }

    private async Task ReloadAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var all = await scope.ServiceProvider.GetRequiredService<ServerViews>().ListAsync(null, null, null, _disposed.Token);
        var visible = await scope.ServiceProvider.GetRequiredService<AccessControl>().VisibleAsync((await AuthState).User, _disposed.Token);
        _rows = visible is null ? all : [.. all.Where(s => visible.Value.Servers.Contains(s.Id))];
    }

    private void OnPlayersChanged(Guid serverId) => _ = InvokeAsync(StateHasChanged);

    public async ValueTask DisposeAsync()
    {
        Roster.Changed -= OnPlayersChanged;
        await _disposed.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _disposed.Dispose();
    }
}
