using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using ZedOps.Manager.Features.Audit;
using ZedOps.Protocol.Backups;

namespace ZedOps.Manager.Features.Backups.Policy.Pages;

/// <summary>The lock icon of one backup row: operators lock and unlock (checked again on the server side); others see
/// only that a backup is locked.</summary>
public sealed partial class BackupLockToggle
{
    [CascadingParameter] private ClientInfo? Client { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Parameter, EditorRequired] public Guid ServerId { get; set; }
    [Parameter, EditorRequired] public BackupInfo Backup { get; set; } = default!;
    [Parameter] public bool CanControl { get; set; }
    [Parameter] public EventCallback Changed { get; set; }

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private bool _busy;

    private async Task ToggleAsync()
    {
        _busy = true;
        var changed = await OperatorAction.RunAsync(ScopeFactory, (await AuthState).User, Client, ServerId, Snackbar,
            "Locking backups needs the operator role on this server.", async (sp, actor) =>
            {
                var info = await sp.GetRequiredService<BackupLocks>().SetAsync(ServerId, Backup.Id, !Backup.Locked, actor, CancellationToken.None);
                Snackbar.Add(info.Locked ? $"Backup {info.Id} locked: retention and delete leave it alone." : $"Backup {info.Id} unlocked.", Severity.Success);
            });
        _busy = false;
        if (changed)
        {
            await Changed.InvokeAsync();
        }
    }
}
