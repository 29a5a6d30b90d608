using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MudBlazor;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Notifications.Pages;

/// <summary>The admin's channels: list, add/edit (secret fields are write-only: empty keeps the stored value), send a
/// test, delete with confirmation, and the delivery log with each delivery's last error.</summary>
public sealed partial class NotificationsPage
{
    [CascadingParameter] private ClientInfo? Client { get; set; }
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;
    [Inject] private IServiceScopeFactory ScopeFactory { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private IOptions<NotificationsOptions> Options { get; set; } = default!;

    private IReadOnlyList<NotificationChannelView> _channels = [];
    private IReadOnlyList<NotificationDeliveryView> _deliveries = [];
    private List<(Guid Id, string Name)> _servers = [];
    private NotificationChannelView? _editing;
    private ChannelForm _form = new();
    private NotificationTestResult? _test;
    private string? _error;
    private bool _busy;

    private string Window => Options.Value.DedupeWindow.TotalMinutes >= 1 ? $"{Options.Value.DedupeWindow.TotalMinutes:0.#} min" : $"{Options.Value.DedupeWindow.TotalSeconds:0} s";

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        await using var scope = ScopeFactory.CreateAsyncScope();
        var channels = scope.ServiceProvider.GetRequiredService<NotificationChannels>();
        _channels = await channels.ListAsync(CancellationToken.None);
        _deliveries = await channels.DeliveriesAsync(null, 50, CancellationToken.None);
        _servers = [.. (await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().Servers.AsNoTracking()
            .Where(s => s.Status != ServerStatuses.Deleted).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync()).Select(s => (s.Id, s.Name))];
    }

    private void NewForm()
    {
        (_editing, _form, _error) = (null, new ChannelForm(), null);
    }

    private void Edit(NotificationChannelView channel)
    {
        (_editing, _form, _error) = (channel, ChannelForm.From(channel), null);
    }

    private Task SaveAsync() => RunAsync(async (channels, actor) =>
    {
        var request = _form.ToRequest();
        if (_editing is null)
        {
            await channels.CreateAsync(request, actor, CancellationToken.None);
        }
        else
        {
            await channels.UpdateAsync(_editing.Id, request, actor, CancellationToken.None);
        }
        NewForm();
    });

    private Task TestAsync(NotificationChannelView channel) => RunAsync(async (channels, actor) =>
    {
        _test = null;
        _test = await channels.TestAsync(channel.Id, actor, CancellationToken.None);
    });

    private async Task DeleteAsync(NotificationChannelView channel)
    {
        if (await Dialogs.ShowMessageBoxAsync("Delete channel", $"Delete the channel '{channel.Name}' and its delivery log?", yesText: "Delete", cancelText: "Cancel") == true)
        {
            await RunAsync((channels, actor) => channels.DeleteAsync(channel.Id, actor, CancellationToken.None));
        }
    }

    private async Task RunAsync(Func<NotificationChannels, AuditActor, Task> action)
    {
        _busy = true;
        _error = null;
        try
        {
            var user = (await AuthState).User;
            if (!AdminRights.Has(user))
            {
                _error = "Only admins manage notification channels.";
                return;
            }
            await using var scope = ScopeFactory.CreateAsyncScope();
            await action(scope.ServiceProvider.GetRequiredService<NotificationChannels>(), AuditActor.From(user, Client));
            await LoadAsync();
        }
        catch (ServerCommandException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private string ServerName(Guid id) => _servers.FirstOrDefault(s => s.Id == id).Name ?? id.ToString();

    private static string SecretHelp(string? state) => state?.StartsWith(SecretStates.Set, StringComparison.Ordinal) == true ? $"{state} — leave empty to keep it" : "not set";

    private static string Where(NotificationChannelView c) => c.Smtp is { } s ? $"{s.Host}:{s.Port} ({s.Security}) → {s.To}" : $"URL {c.Url}";

    private static Color StatusColor(string status) => status switch
    {
        DeliveryStatuses.Sent => Color.Success,
        DeliveryStatuses.Failed => Color.Error,
        DeliveryStatuses.Retrying => Color.Warning,
        _ => Color.Default,
    };
}
