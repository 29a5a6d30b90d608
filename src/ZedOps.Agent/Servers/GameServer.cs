using ZedOps.Protocol.Servers;

namespace ZedOps.Agent.Servers;

/// <summary>One game server's power lock: it serialises state-changing actions (Wings' power lock; a kill skips it).
/// It also carries what crash handling needs to know between Docker events: whether ZedOps is stopping it, the policy
/// from the last spec, the recent crashes, and an action counter that cancels a pending crash restart.</summary>
internal sealed class GameServer(Guid id) : IDisposable
{
    private int _expectingExit;
    private long _actions;

    public Guid Id => id;

    public SemaphoreSlim PowerLock { get; } = new(1, 1);

    /// <summary>The crash policy of the last spec or sync; null until the manager has sent one (the default applies).</summary>
    public CrashPolicy? CrashPolicy { get; set; }

    public Lock CrashGate { get; } = new();

    public CrashHistory Crashes { get; } = new();

    /// <summary>Bumped by every ZedOps action on the server; a crash restart scheduled before it is dropped.</summary>
    public long Actions => Interlocked.Read(ref _actions);

    /// <summary>ZedOps is about to stop, kill, remove or replace the container: its next exit is not a crash.</summary>
    public void ExpectExit()
    {
        Interlocked.Increment(ref _actions);
        Volatile.Write(ref _expectingExit, 1);
    }

    /// <summary>True once per expected exit: the die event that follows a ZedOps stop consumes the mark.</summary>
    public bool TakeExpectedExit() => Interlocked.Exchange(ref _expectingExit, 0) == 1;

    /// <summary>The container started (Docker's start event). Cleared here rather than by ZedOps' start request: the
    /// die of a restart's stop always comes before the start in Docker's event order, but may be read after the request.</summary>
    public void ClearExpectedExit() => Volatile.Write(ref _expectingExit, 0);

    /// <summary>A start through ZedOps: the crash count begins afresh (a user's start after a crash loop is a new try),
    /// and a crash restart still waiting is dropped.</summary>
    public void StartedByZedOps()
    {
        Interlocked.Increment(ref _actions);
        lock (CrashGate)
        {
            Crashes.Reset();
        }
    }

    /// <summary>Any other ZedOps action (kill, remove, rebuild): a crash restart still waiting is dropped.</summary>
    public void ActedByZedOps() => Interlocked.Increment(ref _actions);

    public async Task<T> WithPowerLockAsync<T>(Func<Task<T>> action, CancellationToken ct)
    {
        await PowerLock.WaitAsync(ct);
        try
        {
            return await action();
        }
        finally
        {
            PowerLock.Release();
        }
    }

    public void Dispose() => PowerLock.Dispose();
}
