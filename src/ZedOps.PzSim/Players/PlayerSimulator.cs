namespace ZedOps.PzSim.Players;

/// <summary>Plays the SIM_PLAYERS schedule: a timer per join and leave, each queued onto the game loop.</summary>
internal sealed class PlayerSimulator(IReadOnlyList<ScheduledPlayer> schedule, PlayerSessions sessions, GameLoop loop, TimeProvider time) : IDisposable
{
    private readonly List<ITimer> _timers = [];

    public void Start()
    {
        foreach (var player in schedule)
        {
            At(player.JoinAt, () => sessions.Join(player.Name));
            if (player.LeaveAt is { } leave)
            {
                At(leave, () => sessions.Disconnect(player.Name));
            }
        }
    }

    public void Dispose()
    {
        foreach (var timer in _timers)
        {
            timer.Dispose();
        }
    }

    private void At(TimeSpan due, Action action) =>
        _timers.Add(time.CreateTimer(_ => loop.Post(action), null, due, Timeout.InfiniteTimeSpan));
}
