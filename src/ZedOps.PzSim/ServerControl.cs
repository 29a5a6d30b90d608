using ZedOps.PzSim.Console;
using ZedOps.PzSim.Players;
using ZedOps.PzSim.World;

namespace ZedOps.PzSim;

/// <summary>
/// Saves and quits, queued on the game loop like ServerMap.QueueSaveAll / QueueQuit: the command that asked has
/// already been answered when the work runs. A quit saves first, then stops the loop; a second quit is ignored.
/// </summary>
internal sealed class ServerControl(GameLoop loop, WorldSaver saver, PlayerSessions sessions, ServerConsole console, PzBuild build = PzBuild.B41)
{
    /// <summary>The line that ends a save on both builds: before it the files on disk may be half-written.</summary>
    public const string SavingFinished = "Saving finish";

    private readonly CancellationTokenSource _death = new();
    private int _quitting;

    public bool Quitting => Volatile.Read(ref _quitting) != 0;

    public void QueueSave() => loop.Post(SaveNowAsync);

    public void QueueQuit(string why)
    {
        if (Interlocked.Exchange(ref _quitting, 1) != 0)
        {
            return;
        }
        loop.Post(async () =>
        {
            console.General($"Quitting: {why}");
            await SaveNowAsync();
            loop.Stop();
        });
    }

    /// <summary>B41's SIGTERM: the JVM has no shutdown hook, so the game loop just ends; nothing is saved.</summary>
    public void Abandon()
    {
        Interlocked.Exchange(ref _quitting, 1);
        loop.Abandon();
        _death.Cancel();
    }

    public async Task SaveNowAsync()
    {
        var took = (long)(await saver.SaveAsync(sessions.Online.ToList(), _death.Token)).TotalMilliseconds;
        if (build == PzBuild.B41)
        {
            console.General($"SaveAll took {took} ms");
            console.General($"Saving took {took} ms");
        }
        console.General(SavingFinished);
    }
}
