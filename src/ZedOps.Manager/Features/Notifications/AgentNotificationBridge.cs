using Microsoft.Extensions.Options;
using ZedOps.Manager.Features.Agents;

namespace ZedOps.Manager.Features.Notifications;

/// <summary>Turns agent presence and host disk use into events. "Online" is news only after this process saw the agent
/// go offline (every agent reconnecting after a manager restart is not). Disk low has hysteresis: reported when use
/// reaches <see cref="NotificationsOptions.DiskLowPercent"/>, again only after it fell below the clear level.</summary>
internal sealed class AgentNotificationBridge(AgentRegistry registry, Notifications notifications, IOptions<NotificationsOptions> options, TimeProvider time)
    : BackgroundService
{
    private readonly Dictionary<Guid, bool> _online = [];
    private readonly HashSet<Guid> _wentOffline = [];
    private readonly HashSet<Guid> _diskLow = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (snapshot, changes) = registry.Subscribe(stoppingToken);
        foreach (var state in snapshot)
        {
            _online[state.Id] = state.Online;
        }
        await foreach (var state in changes.WithCancellation(stoppingToken))
        {
            Observe(state);
        }
    }

    internal void Observe(AgentLiveState state)
    {
        if (state.Name.Length == 0)
        {
            _online.Remove(state.Id); // forgotten (deleted)
            return;
        }
        var was = _online.GetValueOrDefault(state.Id);
        _online[state.Id] = state.Online;
        if (was && !state.Online)
        {
            _wentOffline.Add(state.Id);
            Publish(NotificationEventTypes.AgentOffline, state, $"Agent '{state.Name}' is offline",
                $"The agent on '{state.Host?.Hostname ?? state.Name}' disconnected; its servers cannot be controlled until it reconnects.", NotificationSeverities.Warning);
        }
        else if (!was && state.Online && _wentOffline.Remove(state.Id))
        {
            Publish(NotificationEventTypes.AgentOnline, state, $"Agent '{state.Name}' is back online", "The agent reconnected.", NotificationSeverities.Success);
        }
        CheckDisk(state);
    }

    private void CheckDisk(AgentLiveState state)
    {
        if (state.Metrics is not { DiskTotalBytes: > 0 } m)
        {
            return;
        }
        var percent = 100.0 * m.DiskUsedBytes / m.DiskTotalBytes;
        if (percent >= options.Value.DiskLowPercent && _diskLow.Add(state.Id))
        {
            Publish(NotificationEventTypes.HostDiskLow, state, $"Disk almost full on '{state.Name}' ({percent:0}% used)",
                $"{Gib(m.DiskTotalBytes - m.DiskUsedBytes)} GiB free of {Gib(m.DiskTotalBytes)} GiB. Backups and world saves may fail when it is full.",
                NotificationSeverities.Warning);
        }
        else if (percent < options.Value.DiskClearPercent)
        {
            _diskLow.Remove(state.Id);
        }
    }

    private void Publish(string type, AgentLiveState state, string title, string text, string severity) =>
        notifications.Publish(new NotificationEvent(type, null, state.Id, title, text, time.GetUtcNow(), severity));

    private static string Gib(long bytes) => (bytes / 1024.0 / 1024 / 1024).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
