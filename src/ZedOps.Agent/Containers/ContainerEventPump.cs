using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZedOps.Agent.Console;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Link;
using ZedOps.Agent.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;

namespace ZedOps.Agent.Containers;

/// <summary>Follows Docker's event stream and pushes state changes of managed (or followed) containers to the manager,
/// so a container stopped by hand shows its new state at once — no polling. Re-subscribes when the daemon returns.</summary>
// Eight dependencies: the container table, console, readiness and crash handling each need every event in Docker's order, before the inspect.
internal sealed partial class ContainerEventPump(IContainerRuntime runtime, ManagerChannel channel, ConsoleStreams consoles, ReadinessWatcher readiness,
    CrashWatcher crashes, ContainerTable table, TimeProvider time, ILogger<ContainerEventPump> logger)
    : BackgroundService
{
    private static readonly HashSet<string> s_stateActions = ["create", "start", "restart", "die", "stop", "kill", "pause", "unpause", "destroy", "oom", "rename"];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        for (var attempt = 0; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                table.Following = true;
                await foreach (var e in runtime.WatchEventsAsync(stoppingToken))
                {
                    attempt = 0;
                    await HandleAsync(e, stoppingToken);
                }
            }
            catch (ContainerRuntimeException ex)
            {
                LogEventsUnavailable(logger, ex.Message);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            finally
            {
                table.Following = false;
            }
            await Task.Delay(backoff.Next(attempt), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task HandleAsync(ContainerEvent e, CancellationToken ct)
    {
        if (!s_stateActions.Contains(e.Action))
        {
            return;
        }
        table.Invalidate();
        var managed = e.Labels.TryGetValue(ContainerLabels.Managed, out var value) && value == "true";
        consoles.OnContainerEvent(e);
        readiness.OnContainerEvent(e);
        crashes.OnContainerEvent(e);
        if (!managed && !consoles.IsFollowing(e.Name))
        {
            return;
        }
        ContainerSummary? current = null;
        if (e.Action != "destroy")
        {
            try
            {
                current = await runtime.InspectAsync(e.Id, ct);
            }
            catch (ContainerRuntimeException)
            {
                // Gone between the event and the inspect: report what the event says.
            }
        }
        var state = current?.State ?? (e.Action == "destroy" ? ContainerStates.Removed : StateOf(e.Action));
        await channel.TryPublishAsync(Events.ContainerStateChanged, new ContainerStateChanged(e.Id, e.Name, e.Action, state, e.ExitCode, e.At, current), ct);
    }

    private static string StateOf(string action) => action switch
    {
        "start" or "restart" or "unpause" => ContainerStates.Running,
        "pause" => ContainerStates.Paused,
        "create" => ContainerStates.Created,
        _ => ContainerStates.Exited,
    };

    [LoggerMessage(LogLevel.Warning, "Docker events unavailable ({Reason}); retrying")]
    private static partial void LogEventsUnavailable(ILogger logger, string reason);
}
