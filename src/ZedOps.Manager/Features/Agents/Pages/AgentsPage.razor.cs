using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using ZedOps.Manager.Components.Shared;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.AgentDownloads;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;

namespace ZedOps.Manager.Features.Agents.Pages;

public sealed partial class AgentsPage
{
    [CascadingParameter] private ZedOps.Manager.Features.Audit.ClientInfo? Client { get; set; }
    private readonly CancellationTokenSource _disposed = new();
    private List<AgentView> _rows = [];
    private bool _isAdmin;
    private string? _loadError;
    private Task? _liveLoop;
    private System.Security.Claims.ClaimsPrincipal _user = new();

    [Inject] private IDbContextFactory<ZedOpsDbContext> DbFactory { get; set; } = default!;
    [Inject] private AgentRegistry Registry { get; set; } = default!;
    [Inject] private AuthCache Cache { get; set; } = default!;
    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;
    [Inject] private AgentReleases Releases { get; set; } = default!;
    private readonly HashSet<Guid> _updating = [];

    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private int OnlineCount => _rows.Count(r => r.Status == AgentStatuses.Online);

    private int OutdatedCount => _rows.Count(r => r.Status == AgentStatuses.Online && r.Update.State == UpdateStates.Outdated);

    protected override async Task OnInitializedAsync()
    {
        _user = (await AuthState).User;
        _isAdmin = ZedOps.Manager.Features.Auth.AdminRights.Has(_user);
        var (_, changes) = Registry.Subscribe(_disposed.Token);
        await ReloadAsync();
        if (RendererInfo.IsInteractive)
        {
            _liveLoop = LiveBatcher.RunAsync(changes, Apply, () => InvokeAsync(StateHasChanged), TimeSpan.FromMilliseconds(200), _disposed.Token);
        }
    }

    private async Task ReloadAsync()
    {
        try
        {
            await using var db = await DbFactory.CreateDbContextAsync(_disposed.Token);
            var visible = await new AccessControl(DbFactory, Cache).VisibleAsync(_user, _disposed.Token);
            var rows = (await db.Agents.AsNoTracking().Where(a => a.RevokedAt == null).ToListAsync(_disposed.Token))
                .Where(a => visible is null || visible.Value.Agents.Contains(a.Id)).ToList();
            _rows = rows.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => AgentsEndpoints.ToView(a, Registry.State(a.Id), Releases)).ToList();
            _loadError = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _loadError = $"Could not load agents: {ex.Message}";
        }
    }

    private void Apply(AgentLiveState state)
    {
        var index = _rows.FindIndex(r => r.Id == state.Id);
        if (index < 0 && _isAdmin)
        {
            // A newly registered agent: the catalogue row has what live state lacks.
            _ = InvokeAsync(async () => { await ReloadAsync(); StateHasChanged(); });
            return;
        }
        if (index < 0)
        {
            return;
        }
        if (state.Name.Length == 0)
        {
            _rows.RemoveAt(index);
            return;
        }
        var row = _rows[index];
        _rows[index] = row with
        {
            Status = state.Status,
            LastSeenAt = state.LastSeenAt ?? row.LastSeenAt,
            ConnectedAt = state.ConnectedAt,
            Hostname = state.Host?.Hostname ?? row.Hostname,
            Os = state.Host?.Os ?? row.Os,
            AgentVersion = state.Host?.AgentVersion ?? row.AgentVersion,
            Docker = state.Docker ?? row.Docker,
            Metrics = state.Metrics,
            Update = Releases.Describe(state.Online ? state.Host : null),
        };
    }

    private async Task OpenAddAgentAsync()
    {
        var dialog = await Dialogs.ShowAsync<AddAgentDialog>("Add agent", new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        await dialog.Result;
        await ReloadAsync();
    }

    private async Task RevokeAsync(AgentView agent)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke agent",
            $"Revoke '{agent.Name}'? Its connection closes now and its token stops working; the agent program exits. Game servers on that host keep running.",
            yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }
        // Checked again here: the button is hidden from non-admins, but the circuit is the trust boundary.
        if (!ZedOps.Manager.Features.Auth.AdminRights.Has((await AuthState).User))
        {
            Snackbar.Add("Only admins can revoke agents.", Severity.Error);
            return;
        }
        await using var scope = ScopeFactory.CreateAsyncScope();
        var registrations = scope.ServiceProvider.GetRequiredService<AgentRegistrations>();
        var revoked = await registrations.RevokeAsync(agent.Id, AuditActor.From(_user, Client), _disposed.Token);
        Snackbar.Add(revoked ? $"Agent '{agent.Name}' revoked." : $"Agent '{agent.Name}' was already gone.", revoked ? Severity.Success : Severity.Warning);
        await ReloadAsync();
    }

    private async Task UpdateOutdatedAsync()
    {
        foreach (var agent in _rows.Where(r => r.Status == AgentStatuses.Online && r.Update.State == UpdateStates.Outdated).ToList())
        {
            if (!await UpdateAsync(agent))
            {
                Snackbar.Add("Stopped updating the others after that failure.", Severity.Warning);
                return;
            }
        }
    }

    /// <summary>The agent downloads, verifies and restarts into the new build; this waits until it is back (or not).</summary>
    private async Task<bool> UpdateAsync(AgentView agent)
    {
        if (!ZedOps.Manager.Features.Auth.AdminRights.Has((await AuthState).User))
        {
            Snackbar.Add("Only admins can update agents.", Severity.Error);
            return false;
        }
        _updating.Add(agent.Id);
        StateHasChanged();
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<AgentUpdates>().UpdateAsync(agent.Id, AuditActor.From(_user, Client), _disposed.Token);
            Snackbar.Add($"{agent.Name}: {outcome.Detail}", Severity.Success);
            return true;
        }
        catch (ZedOps.Protocol.Transport.WireRequestException ex)
        {
            Snackbar.Add($"{agent.Name}: update failed — {ex.Message}", Severity.Error);
            return false;
        }
        finally
        {
            _updating.Remove(agent.Id);
            await ReloadAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        if (_liveLoop is not null)
        {
            await _liveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _disposed.Dispose();
    }
}
