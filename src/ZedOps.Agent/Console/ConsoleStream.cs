using Microsoft.Extensions.Logging;
using ZedOps.Agent.Docker;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;

namespace ZedOps.Agent.Console;

/// <summary>The single Docker follow of one container: keeps the last lines in a ring for late subscribers, fans
/// lines out to subscribers, and resumes by itself (with a marker line) when the container restarts or is recreated.</summary>
internal sealed class ConsoleStream(string name, IContainerRuntime runtime, TimeProvider time, ILogger logger)
{
    public const int RingCapacity = 5_000;

    private readonly Lock _gate = new();
    private readonly Queue<LogLine> _ring = new(RingCapacity);
    private readonly Dictionary<string, ConsoleSubscriber> _subscribers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _started = new(0);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset? _lastAt;
    private Task? _follow;

    public string Name { get; } = name;

    /// <summary>Completes once the ring holds the log's tail, so the first subscriber's snapshot is complete.</summary>
    public Task Ready => _ready.Task;

    public void Start() => _follow = FollowAsync(_stop.Token);

    /// <summary>Registers the subscriber and returns the last <paramref name="tail"/> lines, atomically: no line is
    /// both in the snapshot and sent live, and none falls between.</summary>
    public IReadOnlyList<LogLine> Add(ConsoleSubscriber subscriber, int tail)
    {
        lock (_gate)
        {
            _subscribers[subscriber.Id] = subscriber;
            subscriber.Start();
            return [.. _ring.Skip(Math.Max(0, _ring.Count - tail))];
        }
    }

    /// <summary>Returns how many subscribers remain.</summary>
    public int Remove(string subscriptionId)
    {
        ConsoleSubscriber? removed;
        int left;
        lock (_gate)
        {
            _subscribers.Remove(subscriptionId, out removed);
            left = _subscribers.Count;
        }
        _ = removed?.StopAsync();
        return left;
    }

    public void OnContainerEvent(ContainerEvent e)
    {
        if (e.Action is "start" or "restart")
        {
            _started.Release();
        }
        else if (e.Action == "destroy")
        {
            Append(Marker("container removed; the console resumes if a container with this name starts again"));
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_follow is not null)
        {
            await _follow.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        List<ConsoleSubscriber> left;
        lock (_gate)
        {
            left = [.. _subscribers.Values];
            _subscribers.Clear();
        }
        await Task.WhenAll(left.Select(s => s.StopAsync()));
    }

    private async Task FollowAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var line in runtime.ReadLogsAsync(Name, new LogReadOptions(RingCapacity, Follow: false), ct))
            {
                Append(line);
            }
        }
        catch (ContainerRuntimeException ex)
        {
            Append(Marker($"log unavailable: {ex.Message}"));
        }
        finally
        {
            _ready.TrySetResult();
        }

        while (!ct.IsCancellationRequested)
        {
            var ended = false;
            try
            {
                // Tail 0 with no Since means "only new lines"; Since skips what the ring already holds.
                await foreach (var line in runtime.ReadLogsAsync(Name, new LogReadOptions(_lastAt is null ? 0 : null, Follow: true, _lastAt), ct))
                {
                    Append(line);
                }
                ended = true; // Docker ends a follow when the container stops
            }
            catch (ContainerRuntimeException ex) when (ex.Code != ErrorCodes.NotFound)
            {
                logger.LogDebug("Follow of {Name} failed: {Reason}", Name, ex.Message);
            }
            catch (ContainerRuntimeException)
            {
                // Removed: wait for a container with this name to start.
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            if (await IsRunningAsync(ct))
            {
                if (ended)
                {
                    // Stopped and started again before we looked (a quick restart): viewers still see the break.
                    Append(Marker("container restarted; console resumed"));
                }
                continue;
            }
            Append(Marker("container stopped; waiting for it to start again"));
            await WaitForStartAsync(ct);
            if (!ct.IsCancellationRequested)
            {
                Append(Marker("container started; console resumed"));
            }
        }
    }

    private async Task WaitForStartAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            // Docker events wake us; the bounded wait re-checks in case an event was missed while the daemon restarted.
            if (await _started.WaitAsync(TimeSpan.FromSeconds(30), ct).ConfigureAwait(false) || await IsRunningAsync(ct))
            {
                while (_started.CurrentCount > 0)
                {
                    await _started.WaitAsync(ct);
                }
                return;
            }
        }
    }

    private async Task<bool> IsRunningAsync(CancellationToken ct)
    {
        try
        {
            return (await runtime.InspectAsync(Name, ct))?.State == ContainerStates.Running;
        }
        catch (ContainerRuntimeException)
        {
            return false;
        }
    }

    private void Append(LogLine line)
    {
        lock (_gate)
        {
            if (line.Stream != LogStreams.Marker)
            {
                _lastAt = line.At;
            }
            if (_ring.Count == RingCapacity)
            {
                _ring.Dequeue();
            }
            _ring.Enqueue(line);
            foreach (var subscriber in _subscribers.Values)
            {
                subscriber.Push(line);
            }
        }
    }

    private LogLine Marker(string text) => new(time.GetUtcNow(), LogStreams.Marker, text);
}
