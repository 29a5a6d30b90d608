using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ZedOps.Protocol.Containers;

namespace ZedOps.Manager.Features.Containers;

/// <summary>One viewer of a container console (a browser circuit or an SSE response): the tail it asked for, then live
/// lines. Its queue is bounded; when it falls behind, the oldest lines go and a "N lines skipped" marker takes their place.</summary>
public sealed class LogViewer : IAsyncDisposable
{
    public const int QueueCapacity = 10_000;

    private readonly Channel<LogLine> _queue;
    private readonly Func<LogViewer, ValueTask> _onDispose;
    private long _skipped;
    private int _disposed;

    internal LogViewer(string containerId, string containerName, IReadOnlyList<LogLine> snapshot, Func<LogViewer, ValueTask> onDispose)
    {
        ContainerId = containerId;
        ContainerName = containerName;
        Snapshot = snapshot;
        _onDispose = onDispose;
        _queue = Channel.CreateBounded<LogLine>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _skipped));
    }

    public string ContainerId { get; }
    public string ContainerName { get; }
    public IReadOnlyList<LogLine> Snapshot { get; }

    internal void Push(LogLine line) => _queue.Writer.TryWrite(line);

    internal void Complete() => _queue.Writer.TryComplete();

    /// <summary>Live lines until the viewer is disposed or the feed ends; batches what is already queued.</summary>
    public async IAsyncEnumerable<IReadOnlyList<LogLine>> ReadBatchesAsync(int maxBatch = 1_000, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var batch = new List<LogLine>(maxBatch);
        while (await _queue.Reader.WaitToReadAsync(ct))
        {
            if (Interlocked.Exchange(ref _skipped, 0) is > 0 and var skipped)
            {
                batch.Add(new LogLine(DateTimeOffset.UtcNow, LogStreams.Marker, $"{skipped} lines skipped: this viewer fell behind"));
            }
            while (batch.Count < maxBatch && _queue.Reader.TryRead(out var line))
            {
                batch.Add(line);
            }
            yield return batch.ToArray();
            batch.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Complete();
            await _onDispose(this);
        }
    }
}
