using ZedOps.Agent.Docker;
using ZedOps.Agent.Rcon;
using ZedOps.Agent.Servers;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Rcon;

namespace ZedOps.Agent.Players;

/// <summary>
/// One server's player watch: polls <c>players</c> on the pooled RCON connection every interval and follows the
/// console for join/leave lines in between (so a join shows within a second, not a poll later). B42 names nobody on
/// the console and prints no leaves: its nameless join line triggers a poll at once, and leaves show at the next
/// poll (the list is replaced by each poll, so joins and leaves are the differences between successive polls). It reports the
/// list only when it changes, plus once after every lease renewal so a manager that missed an event catches up.
/// It ends when the lease runs out without a renewal.
/// </summary>
internal sealed class PlayerWatch(WatchPlayers request, RconPool pool, IContainerRuntime runtime, TimeProvider time,
    Func<PlayersReported, CancellationToken, ValueTask> publish)
{
    public static readonly TimeSpan PollTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _lease = new(TimeSpan.FromSeconds(request.LeaseSeconds), time);
    private readonly SortedSet<string> _online = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _pollNow = new(0, 1);
    private WatchPlayers _request = request;
    private string? _lastReported;
    private bool _resend = true;

    public WatchPlayers Request => _request;

    public bool Ended => _lease.IsCancellationRequested;

    /// <summary>Players online as last seen (RCON poll or console), for the metrics sampler.</summary>
    public int OnlineCount
    {
        get
        {
            lock (_gate)
            {
                return _online.Count;
            }
        }
    }

    public Task Run { get; private set; } = Task.CompletedTask;

    public void Start() => Run = Task.WhenAll(Task.Run(() => PollLoopAsync(_lease.Token)), Task.Run(() => ConsoleLoopAsync(_lease.Token)));

    public void Renew(WatchPlayers renewal)
    {
        lock (_gate)
        {
            _request = renewal;
            _resend = true;
        }
        _lease.CancelAfter(TimeSpan.FromSeconds(renewal.LeaseSeconds));
    }

    public void Stop() => _lease.Cancel();

    private TimeSpan Interval => TimeSpan.FromSeconds(_request.IntervalSeconds);

    private async Task PollLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var reply = await pool.ExecuteAsync(_request.ServerId, _request.Rcon, "players", PollTimeout, ct);
                if (PlayerLines.ParsePlayers(reply) is { } names)
                {
                    await ReportAsync(list => { list.Clear(); list.UnionWith(names); }, running: true, PlayerSources.Poll, ct);
                }
            }
            catch (RconException)
            {
                // Booting, stopped or dying: a stopped container empties the list; otherwise try again next round.
                if (!await IsRunningAsync(ct))
                {
                    await ReportAsync(list => list.Clear(), running: false, PlayerSources.Stopped, ct);
                }
            }
            await NextPollAsync(ct);
        }
    }

    private async Task ConsoleLoopAsync(CancellationToken ct)
    {
        var container = ServerProvisioner.ContainerName(_request.Name);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var options = new LogReadOptions(Tail: null, Follow: true, Since: time.GetUtcNow());
                await foreach (var line in runtime.ReadLogsAsync(container, options, ct))
                {
                    if (PlayerLines.Joined(line.Text) is { } joined)
                    {
                        await ReportAsync(list => list.Add(joined), running: true, PlayerSources.Console, ct);
                    }
                    else if (PlayerLines.Left(line.Text) is { } left)
                    {
                        await ReportAsync(list => list.Remove(left), running: true, PlayerSources.Console, ct);
                    }
                    else if (PlayerLines.IsNamelessJoin(line.Text))
                    {
                        PollSoon();
                    }
                }
            }
            catch (ContainerRuntimeException)
            {
                // No container or no daemon right now; the poll reports what that means for the list.
            }
            // The follow ends when the container stops; look again after an interval (a restart within the lease).
            await DelayAsync(Interval, ct);
        }
    }

    private void PollSoon()
    {
        try
        {
            if (_pollNow.CurrentCount == 0)
            {
                _pollNow.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // A poll is already due.
        }
    }

    /// <summary>Waits for the interval, or less when a nameless join asked for a poll.</summary>
    private async Task NextPollAsync(CancellationToken ct)
    {
        using var interval = new CancellationTokenSource(Interval, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, interval.Token);
        try
        {
            await _pollNow.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            // The interval passed (or the lease ended; the loop condition stops it).
        }
    }

    private async ValueTask ReportAsync(Action<SortedSet<string>> change, bool running, string source, CancellationToken ct)
    {
        PlayersReported report;
        lock (_gate)
        {
            change(_online);
            var key = $"{running}|{string.Join('\n', _online)}";
            if (key == _lastReported && !_resend)
            {
                return;
            }
            (_lastReported, _resend) = (key, false);
            report = new PlayersReported(_request.ServerId, [.. _online], running, source, time.GetUtcNow());
        }
        await publish(report, ct);
    }

    private async Task<bool> IsRunningAsync(CancellationToken ct)
    {
        try
        {
            return await runtime.InspectAsync(ServerProvisioner.ContainerName(_request.Name), ct) is { State: ContainerStates.Running };
        }
        catch (ContainerRuntimeException)
        {
            return true;
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        try
        {
            await Task.Delay(delay, time, ct);
        }
        catch (OperationCanceledException)
        {
            // The lease ended; the loop condition stops it.
        }
    }
}
