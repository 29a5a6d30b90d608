using Microsoft.Extensions.Logging;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Link;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;

namespace ZedOps.Agent.Servers;

/// <summary>
/// Follows a freshly started server's log (from its start instant, so the previous run's line does not count) until a
/// line contains the profile's readiness text, then pushes <see cref="ServerReady"/>. The watch ends with the
/// container (the log follow ends when it stops), at the next start or kill, or after <see cref="Bound"/>; the request
/// that started the server never waits for it.
/// </summary>
internal sealed partial class ReadinessWatcher(IContainerRuntime runtime, ManagerChannel channel, TimeProvider time, ILogger<ReadinessWatcher> logger)
{
    /// <summary>A real PZ first boot (world generation, workshop downloads) takes minutes; give it plenty.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromMinutes(15);

    public void Watch(GameServer server, string serverName, string pattern, DateTimeOffset startedAt)
    {
        var token = server.BeginReadinessWatch();
        _ = Task.Run(() => WatchAsync(server.Id, serverName, pattern, startedAt, token), CancellationToken.None);
    }

    private async Task WatchAsync(Guid serverId, string serverName, string pattern, DateTimeOffset startedAt, CancellationToken stop)
    {
        var container = ServerProvisioner.ContainerName(serverName);
        using var bound = new CancellationTokenSource(Bound, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, bound.Token);
        try
        {
            // "Since" skips lines at or before the instant: step back a tick so a line stamped exactly at start stays.
            var options = new LogReadOptions(Tail: null, Follow: true, Since: startedAt.AddTicks(-1));
            await foreach (var line in runtime.ReadLogsAsync(container, options, linked.Token))
            {
                if (line.Text.Contains(pattern, StringComparison.Ordinal))
                {
                    LogReady(logger, container, time.GetUtcNow() - startedAt);
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
    }

    [LoggerMessage(LogLevel.Information, "Game server {Container} is ready ({Elapsed} after start)")]
    private static partial void LogReady(ILogger logger, string container, TimeSpan elapsed);

    [LoggerMessage(LogLevel.Warning, "Stopped watching {Container} for readiness: {Reason}")]
    private static partial void LogEndedUnready(ILogger logger, string container, string reason);
}
