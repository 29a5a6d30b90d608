using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.BackupTargets.Pages;

/// <summary>The admin's targets: list, add/edit (secret fields are write-only: empty keeps the stored value), test
/// from an agent, delete with confirmation. Every action goes through <see cref="BackupTargets"/>, which audits it.</summary>
public sealed partial class BackupTargetsPage
{
    [CascadingParameter] private ClientInfo? Client { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private IReadOnlyList<BackupTargetView> _targets = [];
    private List<(Guid Id, string Name)> _servers = [];
    private BackupTargetView? _editing;
    private TargetForm _form = new();
    private BackupTargetTestResult? _test;
    private string? _error;
    private bool _busy;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        _targets = await scope.ServiceProvider.GetRequiredService<BackupTargets>().ListAsync(CancellationToken.None);
        _servers = [.. (await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().Servers.AsNoTracking()
            .Where(s => s.Status != ServerStatuses.Deleted).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync()).Select(s => (s.Id, s.Name))];
    }

    private void NewForm()
    {
        (_editing, _form, _error) = (null, new TargetForm(), null);
    }

    private void Edit(BackupTargetView target)
    {
        (_editing, _form, _error) = (target, TargetForm.From(target), null);
    }

    private Task SaveAsync() => RunAsync(async (targets, actor) =>
    {
        var request = _form.ToRequest();
        if (_editing is null)
        {
            await targets.CreateAsync(request, actor, CancellationToken.None);
        }
        else
        {
            await targets.UpdateAsync(_editing.Id, request, actor, CancellationToken.None);
        }
        NewForm();
    });

    private Task TestAsync(BackupTargetView target) => RunAsync(async (_, actor) =>
    {
        _test = null;
        await using var scope = ScopeFactory.CreateAsyncScope();
        _test = await scope.ServiceProvider.GetRequiredService<TargetProbe>().TestAsync(target.Id, null, actor, CancellationToken.None);
    });

    private async Task DeleteAsync(BackupTargetView target)
    {
        var text = $"Delete the target '{target.Name}'? Backups already copied there stay there, but ZedOps forgets them and copies no more.";
        if (await Dialogs.ShowMessageBoxAsync("Delete backup target", text, yesText: "Delete", cancelText: "Cancel") == true)
        {
            await RunAsync((targets, actor) => targets.DeleteAsync(target.Id, actor, CancellationToken.None));
        }
    }

    private async Task RunAsync(Func<BackupTargets, AuditActor, Task> action)
    {
        _busy = true;
        _error = null;
        try
        {
            var user = (await AuthState).User;
            if (!AdminRights.Has(user))
            {
                _error = "Only admins manage backup targets.";
                return;
            }
            await using var scope = ScopeFactory.CreateAsyncScope();
            await action(scope.ServiceProvider.GetRequiredService<BackupTargets>(), AuditActor.From(user, Client));
            await LoadAsync();
        }
        catch (ServerCommandException ex)
        {
            _error = ex.Message;
        }
        catch (WireRequestException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private string ServerName(Guid id) => _servers.FirstOrDefault(s => s.Id == id).Name ?? id.ToString();

    private static string SecretHelp(string? state) => state == SecretState.Set ? "set — leave empty to keep it" : "not set";

    private static string Where(BackupTargetView t) => t.Sftp is { } s
        ? $"{s.User}@{s.Host}:{s.Port}{s.Directory}"
        : $"{t.S3!.Endpoint} / {t.S3.Bucket}/{t.S3.Prefix}";

    private static string Credentials(BackupTargetView t) => t.Sftp is { } s
        ? $"password {s.Password}, key {s.PrivateKey}"
        : $"access key {t.S3!.AccessKey}, secret key {t.S3.SecretKey}";
}
