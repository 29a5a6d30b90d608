using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Backups.Policy.Pages;

/// <summary>The Backups tab's "Schedule &amp; retention" panel: the server's schedules (next run in their own zone and
/// UTC, the last result) and its retention. Write controls show for operators only; the services check again.</summary>
public sealed partial class BackupPolicyPanel
{
    [CascadingParameter] private ClientInfo? Client { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Parameter, EditorRequired] public Guid ServerId { get; set; }
    [Parameter] public string? Operation { get; set; }
    [Parameter] public bool CanControl { get; set; }
    [Parameter] public EventCallback Pruned { get; set; }

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private IReadOnlyList<ScheduleView> _schedules = [];
    private ScheduleView? _editing;
    private string? _cron = "0 4 * * *";
    private string? _zone = "UTC";
    private string _mode = BackupScheduleRules.Online;
    private int _keepLast, _keepDaily, _keepWeekly;
    private string _policyText = "";
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
            _schedules = await scope.ServiceProvider.GetRequiredService<BackupSchedules>().ListAsync(ServerId, CancellationToken.None);
            var policy = await scope.ServiceProvider.GetRequiredService<BackupRetention>().GetAsync(ServerId, CancellationToken.None);
            (_keepLast, _keepDaily, _keepWeekly, _policyText) = (policy.KeepLast, policy.KeepDaily, policy.KeepWeekly, BackupRetention.Describe(policy));
            _error = null;
        }
        catch (ServerCommandException ex)
        {
            _error = ex.Message;
        }
    }

    private void Edit(ScheduleView s) => (_editing, _cron, _zone, _mode) = (s, s.Cron, s.TimeZone, s.Mode);

    private void CancelEdit() => (_editing, _cron, _zone, _mode) = (null, "0 4 * * *", "UTC", BackupScheduleRules.Online);

    private Task SaveScheduleAsync() => RunAsync(async (sp, actor) =>
    {
        var schedules = sp.GetRequiredService<BackupSchedules>();
        var request = new ScheduleRequest(_cron, _zone, _mode, null);
        var saved = _editing is { } e
            ? await schedules.UpdateAsync(ServerId, e.Id, request, actor, CancellationToken.None)
            : await schedules.CreateAsync(ServerId, request, actor, CancellationToken.None);
        Snackbar.Add($"Schedule saved; next run {saved.NextRunLocal:yyyy-MM-dd HH:mm} {saved.TimeZone}.", Severity.Success);
        CancelEdit();
    });

    private Task SetEnabledAsync(ScheduleView s, bool enabled) => RunAsync((sp, actor) =>
        sp.GetRequiredService<BackupSchedules>().UpdateAsync(ServerId, s.Id, new ScheduleRequest(null, null, null, enabled), actor, CancellationToken.None));

    private Task DeleteAsync(ScheduleView s) => RunAsync((sp, actor) =>
        sp.GetRequiredService<BackupSchedules>().DeleteAsync(ServerId, s.Id, actor, CancellationToken.None));

    private Task SavePolicyAsync() => RunAsync(async (sp, actor) =>
    {
        var retention = sp.GetRequiredService<BackupRetention>();
        var policy = await retention.SetAsync(ServerId, new RetentionPolicy(_keepLast, _keepDaily, _keepWeekly), actor, CancellationToken.None);
        var pruned = await retention.PruneAsync(ServerId, null, CancellationToken.None);
        Snackbar.Add($"Retention saved ({BackupRetention.Describe(policy)}); {pruned.Count} backup(s) pruned.", Severity.Success);
        await Pruned.InvokeAsync();
    });

    private async Task RunAsync(Func<IServiceProvider, AuditActor, Task> action)
    {
        _busy = true;
        if (await OperatorAction.RunAsync(ScopeFactory, (await AuthState).User, Client, ServerId, Snackbar,
            "Schedules and retention need the operator role on this server.", action))
        {
            await LoadAsync();
        }
        _busy = false;
    }

    private static string ModeText(string mode) => mode == BackupScheduleRules.StopBackupStart
        ? "stop, back up, start"
        : "online (save, then back up while running)";

    private static Color ResultColor(string result) => result switch
    {
        BackupScheduleRules.Ok => Color.Success,
        BackupScheduleRules.Failed or BackupScheduleRules.Missed => Color.Error,
        BackupScheduleRules.Waiting or BackupScheduleRules.Skipped => Color.Warning,
        _ => Color.Info,
    };
}
