using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Link;
using ZedOps.Agent.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;

namespace ZedOps.Agent.Mods;

/// <summary>
/// After a <c>checkModsNeedUpdate</c> was accepted (by anyone: the RCON console, a future mod-update job), follows the
/// server's log from just before the command until the answer line and pushes it to the manager as a typed
/// <see cref="ModsUpdateChecked"/>. One watch per server; the answer needs a Steam workshop query, so it is bounded.
/// </summary>
internal sealed partial class ModsCheckWatcher(IContainerRuntime runtime, ManagerChannel channel, TimeProvider time, ILogger<ModsCheckWatcher> logger)
{
    public static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<Guid, Task> _watches = new();

    public Task Watch(Guid serverId, string serverName, DateTimeOffset since)
    {
        var added = false;
        var watch = _watches.GetOrAdd(serverId, _ =>
        {
            added = true;
            return Task.Run(() => WatchAsync(serverId, serverName, since));
        });
        return added ? watch.ContinueWith(_ => _watches.TryRemove(serverId, out var _), TaskScheduler.Default) : watch;
    }

    private async Task WatchAsync(Guid serverId, string serverName, DateTimeOffset since)
    {
        var container = ServerProvisioner.ContainerName(serverName);
        using var bound = new CancellationTokenSource(Bound, time);
        try
        {
            await foreach (var line in runtime.ReadLogsAsync(container, new LogReadOptions(Tail: null, Follow: true, Since: since), bound.Token))
            {
                if (ModsCheckLines.Answer(line.Text) is { } result)
                {
                    await channel.TryPublishAsync(Events.ModsUpdateChecked, new ModsUpdateChecked(serverId, result, line.Text.Trim(), time.GetUtcNow()), bound.Token);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ContainerRuntimeException)
        {
            LogNoAnswer(logger, container, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "No checkModsNeedUpdate answer in the log of {Container}: {Reason}")]
    private static partial void LogNoAnswer(ILogger logger, string container, string reason);
}
