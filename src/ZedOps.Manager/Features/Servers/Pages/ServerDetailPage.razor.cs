using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using ZedOps.Manager.Components.Shared;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers.Pages;

public sealed partial class ServerDetailPage
{
    [CascadingParameter] private ZedOps.Manager.Features.Audit.ClientInfo? Client { get; set; }
    private readonly CancellationTokenSource _disposed = new();
    private ServerView? _server;
    private IReadOnlyList<ServerActivityEntry> _activity = [];
    private ServerCrashView? _lastCrash;
    private bool _isAdmin;
    private bool _canControl;
    private bool _loaded;
    private Task? _loop;

    [Parameter] public Guid ServerId { get; set; }

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private ServerActivity Activity { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    private bool CanStart => _server is { Operation: null, Status: ServerStatuses.Stopped or ServerStatuses.Missing or ServerStatuses.Failed };
    // Stop is offered while a crash restart waits, so the user can call it off.
    private bool CanStop => _server is { Status: ServerStatuses.Running or ServerStatuses.Starting or ServerStatuses.Restarting };

    private bool IsCrashLoop => _server is { Status: ServerStatuses.Failed } && _lastCrash is { Outcome: ZedOps.Protocol.Servers.CrashOutcomes.CrashLoop };

    protected override async Task OnInitializedAsync()
    {
        _isAdmin = ZedOps.Manager.Features.Auth.AdminRights.Has((await AuthState).User);
        var changes = Activity.Subscribe(_disposed.Token);
        await ReloadAsync();
        if (RendererInfo.IsInteractive)
        {
            var mine = Filter(changes);
            _loop = LiveBatcher.RunAsync(mine, _ => { }, async () => { await ReloadAsync(); await InvokeAsync(StateHasChanged); },
                TimeSpan.FromMilliseconds(200), _disposed.Token);
        }
    }

    private async IAsyncEnumerable<Guid> Filter(IAsyncEnumerable<Guid> changes)
    {
        await foreach (var id in changes)
        {
            if (id == ServerId)
            {
                yield return id;
            }
        }
    }

    private async Task ReloadAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var user = (await AuthState).User;
        var access = scope.ServiceProvider.GetRequiredService<AccessControl>();
        var views = scope.ServiceProvider.GetRequiredService<ServerViews>();
        var plain = await views.GetAsync(ServerId, withSecrets: false, _disposed.Token);
        var canView = plain is not null && await access.CanAsync(user, Capability.View, plain.AgentId, ServerId, _disposed.Token);
        _canControl = canView && await access.CanAsync(user, Capability.Control, plain!.AgentId, ServerId, _disposed.Token);
        _server = !canView ? null : _canControl ? await views.GetAsync(ServerId, withSecrets: true, _disposed.Token) : plain;
        _activity = Activity.Recent(ServerId);
        var crashes = canView ? await scope.ServiceProvider.GetRequiredService<ServerCrashes>().ListAsync(ServerId, 1, _disposed.Token) : [];
        _lastCrash = crashes.Count > 0 ? crashes[0] : null;
        _loaded = true;
    }

    private async Task ConfirmAsync(string action, string message)
    {
        var verb = $"{char.ToUpperInvariant(action[0])}{action[1..]}";
        if (await Dialogs.ShowMessageBoxAsync($"{verb} server", message, yesText: verb, cancelText: "Cancel") == true)
        {
            await RunAsync(action);
        }
    }

    private async Task DeleteAsync()
    {
        if (await TypeNameAsync("Delete server", $"Delete '{_server!.Name}'? It is stopped gracefully and its container removed. Its data and settings are kept; you can restore it.") is true)
        {
            await RunAsync("delete");
        }
    }

    private async Task PurgeAsync()
    {
        var parameters = new DialogParameters<PurgeDialog> { { d => d.ServerName, _server!.Name } };
        var result = await (await Dialogs.ShowAsync<PurgeDialog>("Purge server", parameters)).Result;
        if (result is { Canceled: false, Data: bool removeData })
        {
            await ActAsync(async (lifecycle, actor) => await lifecycle.PurgeAsync(ServerId, _server!.Name, removeData, actor, _disposed.Token), "purged");
        }
    }

    private async Task<bool?> TypeNameAsync(string title, string message)
    {
        var parameters = new DialogParameters<TypeNameDialog> { { d => d.Message, message }, { d => d.Expected, _server!.Name } };
        var result = await (await Dialogs.ShowAsync<TypeNameDialog>(title, parameters)).Result;
        return result is { Canceled: false };
    }

    private Task RunAsync(string action) => ActAsync(async (lifecycle, actor) => _ = action switch
    {
        "start" => await lifecycle.StartAsync(ServerId, actor),
        "stop" => await lifecycle.StopAsync(ServerId, actor),
        "restart" => await lifecycle.RestartAsync(ServerId, actor),
        "kill" => await lifecycle.KillAsync(ServerId, actor),
        "delete" => await lifecycle.DeleteAsync(ServerId, actor),
        "restore" => await lifecycle.RestoreAsync(ServerId, actor),
        _ => await lifecycle.RebuildAsync(ServerId, actor),
    }, action);

    private async Task ActAsync(Func<ServerLifecycle, AuditActor, Task> act, string what)
    {
        var user = (await AuthState).User;
        await ReloadAsync(); // rights are re-read: a grant revoked meanwhile takes effect here
        var needsAdmin = what is "delete" or "restore" or "purged";
        if (!(needsAdmin ? ZedOps.Manager.Features.Auth.AdminRights.Has(user) : _canControl))
        {
            Snackbar.Add(needsAdmin ? "Only admins can delete, restore or purge servers." : "Controlling this server needs the operator role on it.", Severity.Error);
            return;
        }
        try
        {
            await using var scope = ScopeFactory.CreateAsyncScope();
            await act(scope.ServiceProvider.GetRequiredService<ServerLifecycle>(), AuditActor.From(user, Client));
            Snackbar.Add($"{_server?.Name}: {what} requested.", Severity.Info);
        }
        catch (Exception ex) when (ex is ServerCommandException or WireRequestException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        await ReloadAsync();
    }

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
