using Microsoft.Extensions.Options;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Features.Notifications;

/// <summary>Reads published events, coalesces repeats (<see cref="Coalescer"/>), and hands each message to the
/// channels that want it. Window summaries are flushed by a timer on the injected clock.</summary>
internal sealed partial class NotificationDispatcher(
    Notifications notifications, DeliveryLog channels, ChannelWorkers workers, IOptions<NotificationsOptions> options, TimeProvider time,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private readonly Lock _lock = new();
    private Coalescer? _coalescer;

    private Coalescer Coalescer => _coalescer ??= new Coalescer(options.Value.DedupeWindow);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ReadAsync(stoppingToken), FlushAsync(stoppingToken));

    private async Task ReadAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var e in notifications.Reader.ReadAllAsync(ct))
            {
                NotificationMessage? message;
                lock (_lock)
                {
                    message = Coalescer.Offer(e, time.GetUtcNow());
                }
                if (message is not null)
                {
                    await RouteAsync(message, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        var tick = TimeSpan.FromTicks(Math.Clamp(options.Value.DedupeWindow.Ticks / 10, TimeSpan.TicksPerMillisecond * 200, TimeSpan.TicksPerSecond * 10));
        using var timer = new PeriodicTimer(tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                IReadOnlyList<NotificationMessage> due;
                lock (_lock)
                {
                    due = Coalescer.Flush(time.GetUtcNow());
                }
                foreach (var message in due)
                {
                    await RouteAsync(message, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task RouteAsync(NotificationMessage message, CancellationToken ct)
    {
        try
        {
            var (targets, server, agent) = await channels.LoadAsync(message.Event, ct);
            var named = message with { ServerName = server, AgentName = agent };
            foreach (var (row, target) in targets.Where(t => Accepts(t.Row, message.Event)))
            {
                workers.Enqueue(target, named);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRouteFailed(logger, message.Event.Type, ex.Message);
        }
    }

    /// <summary>The channel takes this event type, and the event's server passes its filter. Player joins and leaves
    /// go only where the channel names the server explicitly (they are noisy; off unless asked for).</summary>
    internal static bool Accepts(NotificationChannelEntity channel, NotificationEvent e)
    {
        if (!channel.Enabled || !channel.Events.Contains(e.Type))
        {
            return false;
        }
        if (NotificationEventTypes.IsPlayerEvent(e.Type))
        {
            return e.ServerId is { } id && channel.PlayerServerIds.Contains(id);
        }
        return e.ServerId is not { } serverId || channel.AllServers || channel.ServerIds.Contains(serverId);
    }

    [LoggerMessage(LogLevel.Warning, "Could not route notification {Type}: {Error}")]
    private static partial void LogRouteFailed(ILogger logger, string type, string error);
}
