using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Link;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Agent.Servers;

/// <summary>
/// Follows a freshly started server's log (from its start instant, so the previous run's line does not count) until a
/// line contains the profile's readiness text and, for a server with RCON, RCON answers; then pushes
/// <see cref="ServerReady"/>. The RCON condition is what skips the Renegade image's throwaway first boot: that run
/// prints SERVER STARTED on the default ini (RCON off) and is killed by a 60 s timeout before the real start. The watch ends with the
/// container (the log follow ends when it stops), at the next start or kill, or after <see cref="Bound"/>; the request
/// that started the server never waits for it.
/// </summary>
internal sealed partial class ReadinessWatcher(IContainerRuntime runtime, ManagerChannel channel, TimeProvider time, ILogger<ReadinessWatcher> logger)
{
    /// <summary>A real PZ first boot (world generation, workshop downloads) takes minutes; give it plenty.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _watches = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _ready = new();

    /// <summary>Servers whose current run printed the readiness line.</summary>
    public IReadOnlyList<Guid> ReadyServers => [.. _ready.Keys];

    /// <summary>Ends the previous run's watch (and readiness) and watches this run.</summary>
    public void Watch(Guid serverId, string serverName, string pattern, DateTimeOffset startedAt, RconEndpoint? rcon = null)
    {
        var watch = new CancellationTokenSource();
        if (_watches.TryGetValue(serverId, out var previous) && _watches.TryUpdate(serverId, watch, previous))
        {
            previous.Cancel();
        }
        else
        {
            _watches[serverId] = watch;
        }
        _ready.TryRemove(serverId, out _);
        _ = Task.Run(() => WatchAsync(serverId, serverName, pattern, startedAt, rcon, watch), CancellationToken.None);
    }

    public void End(Guid serverId)
    {
        _ready.TryRemove(serverId, out _);
        if (_watches.TryRemove(serverId, out var watch))
        {
            watch.Cancel();
        }
    }

    /// <summary>A managed server started outside ZedOps (docker start, a restart policy) is watched as well: its
    /// container carries the readiness text as a label.</summary>
    public void OnContainerEvent(ContainerEvent e)
    {
        if (e.Labels.TryGetValue(ContainerLabels.ServerId, out var id) && Guid.TryParse(id, out var serverId))
        {
            if (e.Action is "start" && e.Labels.TryGetValue(ContainerLabels.Readiness, out var pattern)
                && e.Labels.TryGetValue(ContainerLabels.ServerName, out var name) && !_watches.ContainsKey(serverId))
            {
                Watch(serverId, name, pattern, e.At.AddSeconds(-1));
            }
            else if (e.Action is "die" or "destroy")
            {
                End(serverId);
            }
        }
    }

    private async Task WatchAsync(Guid serverId, string serverName, string pattern, DateTimeOffset startedAt, RconEndpoint? rcon, CancellationTokenSource watch)
    {
        var stop = watch.Token;
        var container = ServerProvisioner.ContainerName(serverName);
        using var bound = new CancellationTokenSource(Bound, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, bound.Token);
        try
        {
            // "Since" skips lines at or before the instant: step back a tick so a line stamped exactly at start stays.
            var options = new LogReadOptions(Tail: null, Follow: true, Since: startedAt.AddTicks(-1));
            await foreach (var line in runtime.ReadLogsAsync(container, options, linked.Token))
            {
                if (line.Text.Contains(pattern, StringComparison.Ordinal) && await RconAnswersAsync(container, rcon, linked.Token))
                {
                    LogReady(logger, container, time.GetUtcNow() - startedAt);
                    _ready[serverId] = time.GetUtcNow();
                    await channel.TryPublishAsync(Events.ServerReady, new ServerReady(serverId, serverName, time.GetUtcNow()), linked.Token);
                    return;
                }
            }
            LogEndedUnready(logger, container, "the container stopped");
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            if (bound.IsCancellationRequested)
            {
                LogEndedUnready(logger, container, $"no readiness line within {Bound.TotalMinutes:0} min");
            }
        }
        catch (ContainerRuntimeException ex)
        {
            LogEndedUnready(logger, container, ex.Message);
        }
        finally
        {
            _watches.TryRemove(new KeyValuePair<Guid, CancellationTokenSource>(serverId, watch));
        }
    }

    /// <summary>Probes until RCON answers (true) or the container stops (false: keep reading the log for the next boot).
    /// Without RCON there is nothing more to wait for.</summary>
    private async Task<bool> RconAnswersAsync(string container, RconEndpoint? rcon, CancellationToken ct)
    {
        if (rcon is not { Port: > 0 })
        {
            return true;
        }
        while (true)
        {
            if (await RconProbe.AnswersAsync(rcon.Port, rcon.Password, ProbeTimeout, ct))
            {
                return true;
            }
            if (await runtime.InspectAsync(container, ct) is not { State: ContainerStates.Running })
            {
                return false;
            }
            await Task.Delay(ProbeEvery, time, ct);
        }
    }

    [LoggerMessage(LogLevel.Information, "Game server {Container} is ready ({Elapsed} after start)")]
    private static partial void LogReady(ILogger logger, string container, TimeSpan elapsed);

    [LoggerMessage(LogLevel.Warning, "Stopped watching {Container} for readiness: {Reason}")]
    private static partial void LogEndedUnready(ILogger logger, string container, string reason);
}
