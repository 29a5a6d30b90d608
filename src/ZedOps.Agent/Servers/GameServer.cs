namespace ZedOps.Agent.Servers;

/// <summary>One game server's power lock: it serialises state-changing actions (Wings' power lock; a kill skips it).</summary>
internal sealed class GameServer(Guid id) : IDisposable
{
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

    public void Dispose() => PowerLock.Dispose();
}
