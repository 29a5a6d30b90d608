using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ZedOps.Manager.Features.Notifications;

/// <summary>One queue and one sending loop per channel: rate-limited, retried with exponential backoff (or the
/// receiver's Retry-After), every attempt recorded. A slow or dead channel delays only itself.</summary>
internal sealed partial class ChannelWorkers(
    INotificationSender sender, IDeliveryLog log, IOptions<NotificationsOptions> options, TimeProvider time, ILogger<ChannelWorkers> logger) : IAsyncDisposable
{
    private const int QueuePerChannel = 200;
    private readonly ConcurrentDictionary<Guid, Worker> _workers = new();
    private readonly CancellationTokenSource _stopping = new();

    public void Enqueue(ChannelTarget target, NotificationMessage message)
    {
        var worker = _workers.GetOrAdd(target.Id, _ => Start());
        if (!worker.Queue.Writer.TryWrite((target, message)))
        {
            LogQueueFull(logger, target.Name, message.Event.Type);
        }
    }

    /// <summary>"Send test": one attempt now, outside the queue and the limits, recorded like any delivery.</summary>
    public async Task<SendResult> SendNowAsync(ChannelTarget target, NotificationMessage message, CancellationToken ct)
    {
        var id = await log.StartAsync(target, message, ct);
        var result = await AttemptAsync(target, message, ct);
        await log.RecordAsync(id, result.Succeeded ? DeliveryStatuses.Sent : DeliveryStatuses.Failed, 1, result.Error, ct);
        return result;
    }

    private Worker Start()
    {
        var o = options.Value;
        var worker = new Worker(
            Channel.CreateBounded<(ChannelTarget, NotificationMessage)>(new BoundedChannelOptions(QueuePerChannel) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true }),
            new RateLimit(o.MaxPerMinutePerChannel, time.GetUtcNow()));
        worker.Loop = Task.Run(() => RunAsync(worker, _stopping.Token));
        return worker;
    }

    private async Task RunAsync(Worker worker, CancellationToken ct)
    {
        try
        {
            await foreach (var (target, message) in worker.Queue.Reader.ReadAllAsync(ct))
            {
                var wait = worker.Limit.Reserve(time.GetUtcNow());
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, ct);
                }
                await DeliverAsync(target, message, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    internal async Task DeliverAsync(ChannelTarget target, NotificationMessage message, CancellationToken ct)
    {
        var o = options.Value;
        long id;
        try
        {
            id = await log.StartAsync(target, message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLogFailed(logger, target.Name, ex.Message);
            return;
        }
        for (var attempt = 1; ; attempt++)
        {
            var result = await AttemptAsync(target, message, ct);
            if (result.Succeeded)
            {
                await log.RecordAsync(id, DeliveryStatuses.Sent, attempt, null, ct);
                return;
            }
            if (result.Permanent || attempt >= o.MaxAttempts)
            {
                LogGaveUp(logger, target.Name, message.Event.Type, attempt, result.Error);
                await log.RecordAsync(id, DeliveryStatuses.Failed, attempt, result.Error, ct);
                return;
            }
            await log.RecordAsync(id, DeliveryStatuses.Retrying, attempt, result.Error, ct);
            var delay = result.RetryAfter is { } after && after > TimeSpan.Zero
                ? TimeSpan.FromTicks(Math.Min(after.Ticks, o.RetryMaxDelay.Ticks))
                : RetryPolicy.Delay(attempt, o.RetryBaseDelay, o.RetryMaxDelay);
            await Task.Delay(delay, time, ct);
        }
    }

    private async Task<SendResult> AttemptAsync(ChannelTarget target, NotificationMessage message, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.SendTimeout);
        var result = await sender.SendAsync(target, message, timeout.Token);
        ct.ThrowIfCancellationRequested();
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_workers.Values.Select(w => w.Loop ?? Task.CompletedTask));
        _stopping.Dispose();
    }

    private sealed record Worker(Channel<(ChannelTarget, NotificationMessage)> Queue, RateLimit Limit)
    {
        public Task? Loop { get; set; }
    }

    [LoggerMessage(LogLevel.Warning, "Notification queue of channel '{Channel}' is full; {Type} not sent")]
    private static partial void LogQueueFull(ILogger logger, string channel, string type);

    [LoggerMessage(LogLevel.Warning, "Notification {Type} to '{Channel}' failed after {Attempts} attempt(s): {Error}")]
    private static partial void LogGaveUp(ILogger logger, string channel, string type, int attempts, string? error);

    [LoggerMessage(LogLevel.Warning, "Could not record a notification to '{Channel}': {Error}")]
    private static partial void LogLogFailed(ILogger logger, string channel, string error);
}
