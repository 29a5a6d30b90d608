namespace ZedOps.Agent.Servers;

/// <summary>One game server's agent-side state: the power lock that serialises state-changing actions (Wings'
/// power lock; a kill skips it) and the readiness watch of its current run.</summary>
internal sealed class GameServer(Guid id) : IDisposable
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _readiness;

    public Guid Id => id;

    public SemaphoreSlim PowerLock { get; } = new(1, 1);

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

    /// <summary>Ends the previous run's watch and returns the token of a new one.</summary>
    public CancellationToken BeginReadinessWatch()
    {
        lock (_gate)
        {
            _readiness?.Cancel();
            _readiness?.Dispose();
            _readiness = new CancellationTokenSource();
            return _readiness.Token;
        }
    }

    public void EndReadinessWatch()
    {
        lock (_gate)
        {
            _readiness?.Cancel();
        }
    }

    public void Dispose()
    {
        EndReadinessWatch();
        PowerLock.Dispose();
    }
}
