using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Rcon;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Backups.Pages;

/// <summary>The Backups tab: the server's backups on its host, "back up now", verify, restore (operators) and delete
/// (admins). The parent page re-renders on every activity change of the server, which reloads the list when an
/// operation ends. Every action checks the user's rights again on the server side.</summary>
public sealed partial class BackupsPanel
{
    [CascadingParameter] private ClientInfo? Client { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Parameter, EditorRequired] public Guid ServerId { get; set; }
    [Parameter, EditorRequired] public Guid AgentId { get; set; }
    [Parameter] public string? Operation { get; set; }
    [Parameter] public BackupProgressed? Progress { get; set; }
    [Parameter] public bool CanControl { get; set; }
    [Parameter] public bool IsAdmin { get; set; }

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private ListBackupsResult? _list;
    private string? _error;
    private bool _busy;
    private string? _lastOperation = "";

    protected override async Task OnParametersSetAsync()
    {
        if (_lastOperation != Operation)
        {
            _lastOperation = Operation;
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        try
        {
            _list = await scope.ServiceProvider.GetRequiredService<ServerBackups>().ListAsync(ServerId, CancellationToken.None);
            _error = null;
        }
        catch (Exception ex) when (ex is WireRequestException or ServerCommandException)
        {
            _error = $"The backups cannot be listed now: {ex.Message}";
        }
    }

    private Task BackUpAsync() => RunAsync(async (sp, actor) =>
    {
        await sp.GetRequiredService<ServerBackups>().StartAsync(ServerId, "manual", actor, CancellationToken.None);
        Snackbar.Add("Backup started; a running server is saved first.", Severity.Info);
    }, adminOnly: false);

    private Task VerifyAsync(BackupInfo backup) => RunAsync(async (sp, actor) =>
    {
        var info = await sp.GetRequiredService<ServerBackups>().VerifyAsync(ServerId, backup.Id, actor, sp.GetRequiredService<AuditLog>(), CancellationToken.None);
        Snackbar.Add($"Backup {info.Id} is intact: {info.Files} files match its manifest.", Severity.Success);
    }, adminOnly: false);

    private async Task RestoreAsync(BackupInfo backup)
    {
        var text = $"Restore the backup of {backup.CreatedAt.ToLocalTime():yyyy-MM-dd HH:mm}? The server stops (saving first), the current world is backed up, " +
            "then replaced and the server started. If it does not come up, the current world is put back.";
        if (await Dialogs.ShowMessageBoxAsync("Restore backup", text, yesText: "Restore", cancelText: "Cancel") != true)
        {
            return;
        }
        await RunAsync(async (sp, actor) =>
        {
            await sp.GetRequiredService<ServerLifecycle>().RestoreBackupAsync(ServerId, backup.Id, actor);
            Snackbar.Add("Restore started; its steps show on the Overview tab.", Severity.Info);
        }, adminOnly: false);
    }

    private async Task DeleteAsync(BackupInfo backup)
    {
        if (await Dialogs.ShowMessageBoxAsync("Delete backup", $"Delete the backup {backup.Id} for good?", yesText: "Delete", cancelText: "Cancel") != true)
        {
            return;
        }
        await RunAsync(async (sp, actor) =>
        {
            await sp.GetRequiredService<ServerBackups>().DeleteAsync(ServerId, backup.Id, actor, sp.GetRequiredService<AuditLog>(), CancellationToken.None);
            await LoadAsync();
        }, adminOnly: true);
    }

    private async Task RunAsync(Func<IServiceProvider, AuditActor, Task> action, bool adminOnly)
    {
        _busy = true;
        try
        {
            var user = (await AuthState).User;
            if (adminOnly ? !AdminRights.Has(user) : !await RconPermissions.CanControlAsync(ScopeFactory, user, ServerId))
            {
                Snackbar.Add(adminOnly ? "Only admins delete backups." : "Backups need the operator role on this server.", Severity.Error);
                return;
            }
            await using var scope = ScopeFactory.CreateAsyncScope();
            await action(scope.ServiceProvider, AuditActor.From(user, Client));
        }
        catch (Exception ex) when (ex is WireRequestException or ServerCommandException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    internal static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KB",
        _ => $"{bytes} B",
    };
}
