using ZedOps.Agent.Docker;
using ZedOps.Protocol.Containers;

namespace ZedOps.Agent.Containers;

/// <summary>
/// The answer to <c>container.list</c> kept between calls: Docker's event stream (<see cref="ContainerEventPump"/>)
/// drops it on every container state change, every container action this agent performs drops it, and it is re-read at
/// least every <see cref="Resync"/>. While the event stream is down nothing is kept, so an answer is never older than the
/// event latency. A list that raced with a change is not kept (generation check).
/// </summary>
internal sealed class ContainerTable(IContainerRuntime runtime, TimeProvider time)
{
    public static readonly TimeSpan Resync = TimeSpan.FromSeconds(30);

    private sealed record Snapshot(IReadOnlyList<ContainerSummary> Containers, DateTimeOffset At, long Generation);

    private readonly Snapshot?[] _slots = new Snapshot?[2]; // [running only, all]
    private long _generation;
    private volatile bool _following;

    /// <summary>Set by the event pump while its subscription is open.</summary>
    public bool Following
    {
        get => _following;
        set
        {
            _following = value;
            Invalidate();
        }
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _slots[0] = _slots[1] = null;
    }

    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(bool all, CancellationToken ct)
    {
        var slot = all ? 1 : 0;
        var generation = Interlocked.Read(ref _generation);
        if (_following && _slots[slot] is { } kept && kept.Generation == generation && time.GetUtcNow() - kept.At < Resync)
        {
            return kept.Containers;
        }
        var containers = await runtime.ListAsync(all, ct);
        if (_following && Interlocked.Read(ref _generation) == generation)
        {
            _slots[slot] = new Snapshot(containers, time.GetUtcNow(), generation);
        }
        return containers;
    }
}
