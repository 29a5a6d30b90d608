using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Rcon;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Players.Pages;

/// <summary>The Players tab: who is online (live from <see cref="PlayerRoster"/>), per-player actions, a broadcast box,
/// warned restart/stop and recent sessions. While it is open the server counts as watched (see PlayersOptions).</summary>
public sealed partial class PlayersPanel
{
    [CascadingParameter] private ZedOps.Manager.Features.Audit.ClientInfo? Client { get; set; }
    private PlayersSnapshot _snapshot = new(Guid.Empty, [], null);
    private List<PlayerSessionView> _history = [];
    private IDisposable? _viewing;
    private bool _canControl;
    private bool _rconOff;
    private string? _broadcast;
    private string? _otherPlayer;
    private int _countdownSeconds = 300;
    private AuditActor _actor = AuditActor.System;

    [Parameter, EditorRequired] public Guid ServerId { get; set; }

    [Inject] private PlayerRoster Roster { get; set; } = default!;
    [Inject] private ServerCountdowns Countdowns { get; set; } = default!;
    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private IHttpContextAccessor HttpContext { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        var user = (await AuthState).User;
        _canControl = await RconPermissions.CanControlAsync(ScopeFactory, user, ServerId);
        _actor = AuditActor.From(user, Client);
        _snapshot = Roster.Get(ServerId);
        _rconOff = await IsRconOffAsync();
        await LoadHistoryAsync();
        if (RendererInfo.IsInteractive)
        {
            Roster.Changed += OnChanged;
            Countdowns.Changed += OnChanged;
            _viewing = Roster.View(ServerId);
        }
    }

    private void OnChanged(Guid serverId)
    {
        if (serverId == ServerId)
        {
            _ = InvokeAsync(async () =>
            {
                _snapshot = Roster.Get(ServerId);
                await LoadHistoryAsync();
                StateHasChanged();
            });
        }
    }

    /// <summary>PZ lists players only over RCON (B42 does not even name them in its log), so without RCON nobody can be seen.</summary>
    private async Task<bool> IsRconOffAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var server = await sp.GetRequiredService<Data.ZedOpsDbContext>().Servers.FindAsync(ServerId);
        return server is not null && sp.GetRequiredService<ServerSpecs>().Rcon(server) is not { Port: > 0, Password.Length: > 0 };
    }

    private async Task LoadHistoryAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var result = await PlayersEndpoints.GetHistoryAsync(ServerId, null, 1, sp.GetRequiredService<Data.ZedOpsDbContext>(), sp.GetRequiredService<TimeProvider>(), CancellationToken.None);
        _history = result.Result is Microsoft.AspNetCore.Http.HttpResults.Ok<List<PlayerSessionView>> ok ? [.. ok.Value!.Take(20)] : [];
    }

    private Task ActionDone() => InvokeAsync(StateHasChanged);

    private async Task BroadcastAsync()
    {
        if (string.IsNullOrWhiteSpace(_broadcast))
        {
            return;
        }
        try
        {
            await RconPermissions.EnsureControlAsync(ScopeFactory, (await AuthState).User, ServerId);
            await using var scope = ScopeFactory.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RconConsole>().ExecuteAsync(ServerId, PlayerCommands.Broadcast(_broadcast), _actor, CancellationToken.None);
            Snackbar.Add("Message sent.", Severity.Success);
            _broadcast = null;
        }
        catch (Exception ex) when (ex is ServerCommandException or Protocol.Transport.WireRequestException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    private async Task StartCountdown(string action)
    {
        try
        {
            await RconPermissions.EnsureControlAsync(ScopeFactory, (await AuthState).User, ServerId);
            Countdowns.Start(ServerId, action, TimeSpan.FromSeconds(_countdownSeconds), _actor);
        }
        catch (ServerCommandException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    private async Task CancelCountdownAsync()
    {
        if (await RconPermissions.CanControlAsync(ScopeFactory, (await AuthState).User, ServerId))
        {
            await Countdowns.CancelAsync(ServerId, _actor);
        }
    }

    public void Dispose()
    {
        Roster.Changed -= OnChanged;
        Countdowns.Changed -= OnChanged;
        _viewing?.Dispose();
    }
}
