namespace ZedOps.Manager.Features.Notifications;

/// <summary>De-duplication: the first event of a group and subject goes out at once; the rest within the window are
/// counted and, when the window closes, sent as one message with the latest state and the count — then a new window
/// opens, so a subject that keeps flapping yields one message per window. Not thread-safe; the dispatcher locks.</summary>
internal sealed class Coalescer(TimeSpan window)
{
    private readonly Dictionary<string, WindowState> _open = [];

    public TimeSpan Window => window;

    public DateTimeOffset? NextDue => _open.Count == 0 ? null : _open.Values.Min(s => s.Until);

    public static string KeyOf(NotificationEvent e) =>
        $"{NotificationEventTypes.GroupOf(e.Type)}|{e.ServerId}|{e.AgentId}|{e.Key}";

    /// <summary>The message to send now, or null when the event is folded into an open window.</summary>
    public NotificationMessage? Offer(NotificationEvent e, DateTimeOffset now)
    {
        var key = KeyOf(e);
        if (_open.TryGetValue(key, out var state) && now < state.Until)
        {
            state.Suppressed++;
            state.Latest = e;
            return null;
        }
        _open[key] = new WindowState { Until = now + window, Latest = e };
        return new NotificationMessage(e);
    }

    /// <summary>Summaries of the windows that closed by <paramref name="now"/>.</summary>
    public IReadOnlyList<NotificationMessage> Flush(DateTimeOffset now)
    {
        var due = new List<NotificationMessage>();
        foreach (var (key, state) in _open.Where(p => p.Value.Until <= now).ToList())
        {
            if (state.Suppressed == 0)
            {
                _open.Remove(key);
                continue;
            }
            due.Add(new NotificationMessage(state.Latest, state.Suppressed + 1, window));
            _open[key] = new WindowState { Until = now + window, Latest = state.Latest };
        }
        return due;
    }

    private sealed class WindowState
    {
        public DateTimeOffset Until { get; init; }
        public int Suppressed { get; set; }
        public required NotificationEvent Latest { get; set; }
    }
}

/// <summary>A token bucket per channel: up to <c>perMinute</c> messages at once, then one every 60/<c>perMinute</c> s.
/// <see cref="Reserve"/> takes a token and says how long to wait for it.</summary>
internal sealed class RateLimit(int perMinute, DateTimeOffset start)
{
    private readonly double _perSecond = perMinute / 60.0;
    private double _tokens = perMinute;
    private DateTimeOffset _last = start;

    public TimeSpan Reserve(DateTimeOffset now)
    {
        lock (this)
        {
            _tokens = Math.Min(perMinute, _tokens + Math.Max(0, (now - _last).TotalSeconds) * _perSecond);
            _last = now;
            _tokens -= 1;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _perSecond);
        }
    }
}

internal static class RetryPolicy
{
    /// <summary>Exponential: base, 2×base, 4×base… capped. No jitter: one manager, a handful of channels.</summary>
    public static TimeSpan Delay(int failedAttempts, TimeSpan baseDelay, TimeSpan cap)
    {
        var factor = Math.Pow(2, Math.Min(failedAttempts - 1, 20));
        return TimeSpan.FromTicks((long)Math.Min(cap.Ticks, baseDelay.Ticks * factor));
    }
}
