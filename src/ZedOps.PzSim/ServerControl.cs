using ZedOps.PzSim.Console;
using ZedOps.PzSim.Players;
using ZedOps.PzSim.World;

namespace ZedOps.PzSim;

/// <summary>
/// Saves and quits, queued on the game loop like ServerMap.QueueSaveAll / QueueQuit: the command that asked has
/// already been answered when the work runs. A quit saves first, then stops the loop; a second quit is ignored.
/// </summary>
internal sealed class ServerControl(GameLoop loop, WorldSaver saver, PlayerSessions sessions, ServerConsole console)
{
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

    public async Task SaveNowAsync()
    {
        console.General("Saving world...");
        var took = await saver.SaveAsync(sessions.Online.ToList());
        console.General($"World saved ({saver.SaveCount}) in {(long)took.TotalMilliseconds} ms");
    }
}
