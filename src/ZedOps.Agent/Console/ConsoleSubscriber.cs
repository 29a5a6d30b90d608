using System.Threading.Channels;
using ZedOps.Agent.Link;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;

namespace ZedOps.Agent.Console;

/// <summary>One subscription's outbound queue: bounded, oldest lines dropped and counted, so a slow link never
/// slows the Docker follow (Wings' SinkPool rule). Lines go out in batches.</summary>
internal sealed class ConsoleSubscriber
{
    public const int QueueCapacity = 20_000;
    public const int MaxBatch = 2_000;

    private readonly Channel<LogLine> _queue;
    private readonly ManagerChannel _channel;
    private readonly CancellationTokenSource _stop = new();
    private long _skipped;
    private Task? _pump;

    public ConsoleSubscriber(string id, ManagerChannel channel)
    {
        Id = id;
        _channel = channel;
        _queue = Channel.CreateBounded<LogLine>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _skipped));
    }

    public string Id { get; }

    public void Start() => _pump = PumpAsync(_stop.Token);

    public void Push(LogLine line) => _queue.Writer.TryWrite(line);

    public async Task StopAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        if (_pump is not null)
        {
            await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task PumpAsync(CancellationToken ct)
    {
        var batch = new List<LogLine>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(ct))
        {
            // Take what is queued now; one frame per burst rather than per line.
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var line))
            {
                batch.Add(line);
            }
            var skipped = Interlocked.Exchange(ref _skipped, 0);
            if (!await _channel.TryPublishAsync(Events.LogLinesAppended, new LogLinesAppended(Id, [.. batch], skipped), ct))
            {
                Interlocked.Add(ref _skipped, batch.Count + skipped);
            }
            batch.Clear();
        }
    }
}
