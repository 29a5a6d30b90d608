using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Backups.Policy.Pages;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Schedules.Pages;

/// <summary>The Schedules tab: the server's scheduled tasks (next run in their zone and UTC, last result), the pause
/// switch and the create/edit form. Write controls show for operators only; the services check again.</summary>
public sealed partial class SchedulesPanel
{
    [CascadingParameter] private ClientInfo? Client { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Parameter, EditorRequired] public Guid ServerId { get; set; }
    [Parameter] public bool CanControl { get; set; }

    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private IReadOnlyList<ServerScheduleView> _tasks = [];
    private bool _paused;
    private ScheduleFormModel? _form;
    private string? _error;
    private bool _busy;

    protected override Task OnParametersSetAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        try
        {
            var view = await scope.ServiceProvider.GetRequiredService<ServerSchedules>().ListAsync(ServerId, CancellationToken.None);
            (_tasks, _paused, _error) = (view.Schedules, view.Paused, null);
        }
        catch (ServerCommandException ex)
        {
            _error = ex.Message;
        }
    }

    private void New()
    {
        _form = new ScheduleFormModel();
        _form.Preview();
    }

    private void Edit(ServerScheduleView t) => _form = ScheduleFormModel.From(t);

    private async Task SaveAsync()
    {
        if (_form is not { } form || form.ToRequest(null) is not { } request)
        {
            return;
        }
        await RunAsync(async (sp, actor) =>
        {
            var schedules = sp.GetRequiredService<ServerSchedules>();
            try
            {
                var saved = form.Id is { } id
                    ? await schedules.UpdateAsync(ServerId, id, request, actor, CancellationToken.None)
                    : await schedules.CreateAsync(ServerId, request, actor, CancellationToken.None);
                Snackbar.Add($"Task saved; next run {saved.NextRunLocal:yyyy-MM-dd HH:mm} {saved.TimeZone}.", Severity.Success);
                _form = null;
            }
            catch (ServerCommandException ex) when (ex.Status == 400)
            {
                form.Show(ex);
            }
        });
    }

    private Task SetEnabledAsync(ServerScheduleView t, bool enabled) => RunAsync((sp, actor) =>
        sp.GetRequiredService<ServerSchedules>().UpdateAsync(ServerId, t.Id, new ServerScheduleRequest(null, null, null, Enabled: enabled), actor, CancellationToken.None));

    private Task DeleteAsync(ServerScheduleView t) => RunAsync((sp, actor) =>
        sp.GetRequiredService<ServerSchedules>().DeleteAsync(ServerId, t.Id, actor, CancellationToken.None));

    private Task SetPausedAsync(bool paused) => RunAsync((sp, actor) =>
        sp.GetRequiredService<ServerSchedules>().SetPausedAsync(ServerId, paused, actor, CancellationToken.None));

    private async Task RunAsync(Func<IServiceProvider, AuditActor, Task> action)
    {
        _busy = true;
        if (await OperatorAction.RunAsync(ScopeFactory, (await AuthState).User, Client, ServerId, Snackbar,
            "Scheduled tasks need the operator role on this server.", action))
        {
            await LoadAsync();
        }
        _busy = false;
    }

    private static string ActionText(ServerScheduleView t) => ScheduleFormModel.ActionLabel(t.Action) + (t.Argument is { } a ? $": {a}" : "")
        + (t.Warnings.Count > 0 ? $" ({string.Join("/", t.Warnings.Select(w => w.SecondsBefore % 60 == 0 ? $"{w.SecondsBefore / 60}m" : $"{w.SecondsBefore}s"))})" : "");

    private static Color ResultColor(string result) => result switch
    {
        ServerScheduleRules.Ok => Color.Success,
        ServerScheduleRules.Failed or ServerScheduleRules.Missed => Color.Error,
        ServerScheduleRules.Waiting or ServerScheduleRules.Skipped => Color.Warning,
        _ => Color.Info,
    };
}
