using System.Threading.Channels;

namespace ZedOps.PzSim;

/// <summary>
/// PZ's main thread: RCON commands, player joins and saves are queued here and run one at a time, so a slow save
/// really holds up every RCON reply behind it (the real server has no server-side timeout either).
/// </summary>
internal sealed class GameLoop
{
    private volatile bool _abandoned;
    private readonly Channel<Func<Task>> _work = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });

    public void Post(Action work) => Post(() =>
    {
        work();
        return Task.CompletedTask;
    });

    public void Post(Func<Task> work) => _work.Writer.TryWrite(work);

    /// <summary>Runs <paramref name="work"/> on the loop; the task never completes if the loop has stopped, like a command sent during quit.</summary>
    public Task<T> InvokeAsync<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(async () =>
        {
            try
            {
                done.TrySetResult(await work());
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        });
        return done.Task;
    }

    /// <summary>Work queued after this is dropped; <see cref="RunAsync"/> returns once the queue before it is drained.</summary>
    public void Stop() => _work.Writer.TryComplete();

    /// <summary>Ends the loop now: work already queued (a save in the queue) never runs, as when the JVM dies.</summary>
    public void Abandon()
    {
        _abandoned = true;
        _work.Writer.TryComplete();
    }

    public async Task RunAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync())
        {
            if (_abandoned)
            {
                return;
            }
            try
            {
                await work();
            }
            catch (OperationCanceledException) when (_abandoned)
            {
                // The process "died" in the middle of this work (a save): its files stay as they were.
                return;
            }
        }
    }
}
