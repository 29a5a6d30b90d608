using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ZedOps.Manager.Features.Notifications;

namespace ZedOps.Manager.Tests.Features.Notifications;

public sealed class ChannelWorkersTests
{
    private static readonly ChannelTarget s_target = new(Guid.NewGuid(), "hook", ChannelKinds.Webhook, "http://127.0.0.1:9/", null, null);
    private static readonly NotificationMessage s_message = new(new NotificationEvent(NotificationEventTypes.BackupFailed, null, null, "t", "t", DateTimeOffset.UnixEpoch));

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeSender _sender;
    private readonly FakeLog _log = new();

    public ChannelWorkersTests() => _sender = new FakeSender(_time);

    private ChannelWorkers Create(int maxAttempts = 4, int perMinute = 20) => new(_sender, _log, Options.Create(new NotificationsOptions
    {
        MaxAttempts = maxAttempts, RetryBaseDelay = TimeSpan.FromSeconds(2), RetryMaxDelay = TimeSpan.FromMinutes(1), MaxPerMinutePerChannel = perMinute,
    }), _time, NullLogger<ChannelWorkers>.Instance);

    [Fact]
    public async Task Deliver_FailsTwice_RetriesAfter2sThen4sAndRecordsSent()
    {
        await using var workers = Create();
        _sender.Results.Enqueue(new SendResult(false, "HTTP 502"));
        _sender.Results.Enqueue(new SendResult(false, "HTTP 503"));
        workers.Enqueue(s_target, s_message);

        await WaitRetryingAsync(1);
        _time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Single(_sender.Calls);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        await WaitRetryingAsync(2);
        _time.Advance(TimeSpan.FromSeconds(3.9));
        Assert.Equal(2, _sender.Calls.Count);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        await Eventually.TrueAsync(() => _log.Last?.Status == DeliveryStatuses.Sent, "sent after the third attempt");

        Assert.Equal(3, _log.Last!.Attempts);
        Assert.Equal([_time.Start, _time.Start.AddSeconds(2), _time.Start.AddSeconds(6)], _sender.Calls.Select(c => c.At));
        Assert.Contains(_log.Records, r => r.Status == DeliveryStatuses.Retrying && r.Error == "HTTP 503");
    }

    [Fact]
    public async Task Deliver_RetryAfterAndPermanent_HonouredAndNotRetried()
    {
        await using var workers = Create();
        _sender.Results.Enqueue(new SendResult(false, "HTTP 429", RetryAfter: TimeSpan.FromSeconds(7)));
        _sender.Results.Enqueue(new SendResult(false, "HTTP 404", Permanent: true));
        workers.Enqueue(s_target, s_message);

        await WaitRetryingAsync(1);
        _time.Advance(TimeSpan.FromSeconds(6.9));
        Assert.Single(_sender.Calls);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        await Eventually.TrueAsync(() => _log.Last?.Status == DeliveryStatuses.Failed, "failed at once on a permanent error");
        Assert.Equal(2, _log.Last!.Attempts);
        Assert.Equal("HTTP 404", _log.Last.Error);
    }

    [Fact]
    public async Task Deliver_AllAttemptsFail_FailedWithLastError()
    {
        await using var workers = Create(maxAttempts: 2);
        _sender.Results.Enqueue(new SendResult(false, "refused"));
        _sender.Results.Enqueue(new SendResult(false, "refused again"));
        workers.Enqueue(s_target, s_message);
        await WaitRetryingAsync(1);
        _time.Advance(TimeSpan.FromSeconds(2));
        await Eventually.TrueAsync(() => _log.Last?.Status == DeliveryStatuses.Failed, "failed");
        Assert.Equal((2, "refused again"), (_log.Last!.Attempts, _log.Last.Error));
    }

    [Fact]
    public async Task Enqueue_BurstAboveRateLimit_RestWaitsForTokens()
    {
        await using var workers = Create(perMinute: 2);
        for (var i = 0; i < 3; i++)
        {
            workers.Enqueue(s_target, s_message);
        }
        await Eventually.TrueAsync(() => _sender.Calls.Count == 2, "two sent at once");
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(2, _sender.Calls.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => _sender.Calls.Count == 3, "third after 30 s");
    }

    // The worker records "retrying" and then starts its backoff timer on the same thread; the clock is advanced after that.
    private Task WaitRetryingAsync(int count) =>
        Eventually.TrueAsync(() => _log.Records.Count(r => r.Status == DeliveryStatuses.Retrying) == count, $"{count} retrying record(s)");

    private sealed class FakeSender(TimeProvider time) : INotificationSender
    {
        public ConcurrentQueue<SendResult> Results { get; } = new();
        public ConcurrentQueue<(ChannelTarget Target, DateTimeOffset At)> Calls { get; } = new();

        public Task<SendResult> SendAsync(ChannelTarget target, NotificationMessage message, CancellationToken ct)
        {
            Calls.Enqueue((target, time.GetUtcNow()));
            return Task.FromResult(Results.TryDequeue(out var r) ? r : SendResult.Ok);
        }
    }

    private sealed record Record(long Id, string Status, int Attempts, string? Error);

    private sealed class FakeLog : IDeliveryLog
    {
        private long _next;
        public ConcurrentQueue<Record> Records { get; } = new();
        public Record? Last => Records.LastOrDefault();

        public Task<long> StartAsync(ChannelTarget channel, NotificationMessage message, CancellationToken ct)
        {
            var id = Interlocked.Increment(ref _next);
            Records.Enqueue(new Record(id, DeliveryStatuses.Pending, 0, null));
            return Task.FromResult(id);
        }

        public Task RecordAsync(long id, string status, int attempts, string? error, CancellationToken ct)
        {
            Records.Enqueue(new Record(id, status, attempts, error));
            return Task.CompletedTask;
        }
    }
}
