using System.Threading.Channels;

namespace ZedOps.Manager.Features.Notifications;

/// <summary>The one API other features call. Never blocks the caller: a bounded queue that drops the oldest event
/// (counted) when the dispatcher falls behind, since a stalled e-mail server must not hold up an agent's socket.</summary>
public sealed class Notifications
{
    private const int Capacity = 1024;
    private readonly Channel<NotificationEvent> _queue;
    private long _dropped;

    public Notifications() => _queue = Channel.CreateBounded<NotificationEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        _ => Interlocked.Increment(ref _dropped));

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Publish(NotificationEvent e) => _queue.Writer.TryWrite(e);

    internal ChannelReader<NotificationEvent> Reader => _queue.Reader;
}
