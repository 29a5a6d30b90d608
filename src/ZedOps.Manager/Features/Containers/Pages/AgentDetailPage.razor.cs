using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Containers.Pages;

public sealed partial class AgentDetailPage
{
    [CascadingParameter] private ZedOps.Manager.Features.Audit.ClientInfo? Client { get; set; }
    private readonly CancellationTokenSource _disposed = new();
    private readonly HashSet<string> _busy = [];
    private AgentEntity? _agent;
    private AgentLiveState? _live;
    private List<ContainerSummary> _containers = [];
    private ContainerSummary? _console;
    private bool _showAll;
    private bool _isAdmin;
    private string? _loadError;
    private Task? _loop;

    [Parameter] public Guid AgentId { get; set; }

    [Inject] private IDbContextFactory<ZedOpsDbContext> DbFactory { get; set; } = default!;
    [Inject] private AgentRegistry Registry { get; set; } = default!;
    [Inject] private AuthCache Cache { get; set; } = default!;
    [Inject] private ContainerFleet Fleet { get; set; } = default!;
    [Inject] private IAgentLink Link { get; set; } = default!;
    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _isAdmin = ZedOps.Manager.Features.Auth.AdminRights.Has((await AuthState).User);
        await using (var db = await DbFactory.CreateDbContextAsync())
        {
            _agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == AgentId && a.RevokedAt == null);
            var visible = await new AccessControl(DbFactory, Cache).VisibleAsync((await AuthState).User);
            if (visible is { } v && !v.Agents.Contains(AgentId))
            {
                _agent = null;
            }
        }
        if (_agent is null)
        {
            _loadError = "No such agent (it may have been revoked), or you have no access to it.";
            return;
        }
        _live = Registry.State(AgentId);
        _containers = await VisibleAsync(Fleet.Containers(AgentId));
        if (RendererInfo.IsInteractive)
        {
            _loop = FollowAsync(_disposed.Token);
        }
    }

    private async Task FollowAsync(CancellationToken ct)
    {
        var (_, agentChanges) = Registry.Subscribe(ct);
        var agentLoop = Task.Run(async () =>
        {
            await foreach (var state in agentChanges.WithCancellation(ct))
            {
                if (state.Id == AgentId)
                {
                    _live = state;
                    await InvokeAsync(StateHasChanged);
                }
            }
        }, ct);
        await foreach (var agentId in Fleet.Subscribe(ct).WithCancellation(ct))
        {
            if (agentId == AgentId && !_showAll)
            {
                _containers = await VisibleAsync(Fleet.Containers(AgentId));
                await InvokeAsync(StateHasChanged);
            }
        }
        await agentLoop;
    }

    private async Task ToggleAllAsync(bool value)
    {
        _showAll = value;
        await RefreshAllAsync();
    }

    private async Task RefreshAllAsync()
    {
        if (!_showAll)
        {
            _containers = await VisibleAsync(Fleet.Containers(AgentId));
            return;
        }
        try
        {
            var result = await Link.RequestAsync(AgentId, Requests.ListContainers, new ListContainers(All: true), ct: _disposed.Token);
            _containers = await VisibleAsync(result.Containers);
        }
        catch (WireRequestException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    private async Task ActAsync(ContainerSummary container, string action)
    {
        if (action is ContainerActions.Stop or ContainerActions.Kill)
        {
            var message = action == ContainerActions.Kill
                ? $"Kill '{container.Name}' now? The process gets SIGKILL: anything not saved is lost."
                : $"Stop '{container.Name}'? Docker asks it to exit and kills it after {ContainerControl.DefaultGraceSeconds} s.";
            var verb = $"{char.ToUpperInvariant(action[0])}{action[1..]}";
            if (await Dialogs.ShowMessageBoxAsync($"{verb} container", message, yesText: verb, cancelText: "Cancel") != true)
            {
                return;
            }
        }
        var user = (await AuthState).User;
        if (!ZedOps.Manager.Features.Auth.AdminRights.Has(user))
        {
            Snackbar.Add("Only admins can control containers.", Severity.Error);
            return;
        }
        _busy.Add(container.Id);
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            var control = scope.ServiceProvider.GetRequiredService<ContainerControl>();
            var updated = await control.RunAsync(AgentId, container.Id, action, null, AuditActor.From(user, Client), _disposed.Token);
            var index = _containers.FindIndex(c => c.Id == container.Id);
            if (index >= 0)
            {
                _containers[index] = updated;
            }
            Snackbar.Add($"{container.Name}: {action} done ({updated.State}).", Severity.Success);
        }
        catch (WireRequestException ex)
        {
            Snackbar.Add($"{container.Name}: {action} failed: {ex.Message}", Severity.Error);
        }
        finally
        {
            _busy.Remove(container.Id);
        }
    }

    private void OpenConsole(ContainerSummary container) => _console = container;

    /// <summary>Only the containers this user may see: the same <see cref="ContainerAccess"/> rule as the API.</summary>
    private async Task<List<ContainerSummary>> VisibleAsync(IReadOnlyList<ContainerSummary> containers)
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var visible = await scope.ServiceProvider.GetRequiredService<ContainerAccess>()
            .FilterAsync((await AuthState).User, Capability.View, AgentId, containers, _disposed.Token);
        return [.. visible.OrderBy(c => c.Name, StringComparer.Ordinal)];
    }

    private static Color StateColor(string state) => state switch
    {
        ContainerStates.Running => Color.Success,
        ContainerStates.Restarting or ContainerStates.Created or ContainerStates.Paused => Color.Warning,
        ContainerStates.Dead => Color.Error,
        _ => Color.Default,
    };

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _disposed.Dispose();
    }
}
