using Microsoft.Extensions.Logging;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Rcon;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Servers;
using static ZedOps.Agent.Containers.ContainerCommands;

namespace ZedOps.Agent.Servers;

/// <summary>
/// The stop that keeps the world: RCON <c>save</c> → <c>quit</c> → wait for the exit (bounded by the server's timeout)
/// → <c>docker stop</c> with a short grace → kill as the last resort. Without a reachable RCON it goes straight to
/// <c>docker stop</c> with the whole timeout as grace (PZ saves on SIGTERM too). Never a bare SIGKILL after 10 s.
/// </summary>
internal sealed partial class GracefulStop(IContainerRuntime runtime, TimeProvider time, ILogger<GracefulStop> logger)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan DockerStopGrace = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RconConnectTimeout = TimeSpan.FromSeconds(5);
    public const string KilledFlag = "kill: killed after graceful stop failed";

    public async Task StopAsync(string container, RconEndpoint? rcon, TimeSpan timeout, ActionSteps steps, CancellationToken ct)
    {
        timeout = timeout > TimeSpan.Zero ? timeout : DefaultTimeout;
        var started = time.GetTimestamp();
        TimeSpan Remaining() => Max(timeout - time.GetElapsedTime(started), TimeSpan.FromSeconds(1));

        var quitSent = rcon is not null && await SaveAndQuitAsync(container, rcon, Remaining, steps, ct);
        if (quitSent)
        {
            var waited = await Run(() => runtime.WaitForExitAsync(container, Remaining(), ct));
            await steps.RecordAsync(ServerSteps.WaitExit, waited is { } code ? $"{container} exited with code {code}" : $"{container} still runs after {timeout.TotalSeconds:0} s", ct);
            if (waited is not null)
            {
                return;
            }
        }
        var grace = quitSent ? DockerStopGrace : Remaining();
        await steps.RunAsync(ServerSteps.DockerStop, $"docker stop {container} (grace {grace.TotalSeconds:0} s)",
            () => Run(async () => { await runtime.StopAsync(container, grace, ct); return true; }), ct);
        // docker stop kills after its grace itself; a container that survives even that (stuck in D state, a
        // daemon hiccup) gets an explicit kill, flagged so the manager can say the world may not be saved.
        if (await Run(() => runtime.InspectAsync(container, ct)) is { State: ContainerStates.Running })
        {
            LogKilled(logger, container);
            await Run(async () => { await runtime.KillAsync(container, ct); return true; });
            await steps.RecordAsync(KilledFlag, $"{container} killed after the graceful stop failed: unsaved progress may be lost", ct);
        }
    }

    /// <summary>True once <c>quit</c> went out (its reply may be lost as the server exits). False when RCON could
    /// not be reached or <c>save</c> failed: then docker stop takes over.</summary>
    private async Task<bool> SaveAndQuitAsync(string container, RconEndpoint rcon, Func<TimeSpan> remaining, ActionSteps steps, CancellationToken ct)
    {
        RconClient client;
        try
        {
            client = await RconClient.ConnectWhenListeningAsync(rcon.Port, rcon.Password, time, Min(RconConnectTimeout, remaining()),
                Min(RconPool.RefusedRetryWindow, remaining()), ct);
        }
        catch (RconException ex)
        {
            return Fallback(container, ex, steps);
        }
        await using (client)
        {
            try
            {
                await steps.RunAsync(ServerSteps.RconSave, "RCON save", () => client.ExecuteAsync("save", remaining(), ct), ct);
            }
            catch (RconException ex)
            {
                return Fallback(container, ex, steps);
            }
            await steps.RunAsync(ServerSteps.RconQuit, "RCON quit", async () =>
            {
                try
                {
                    await client.ExecuteAsync("quit", remaining(), ct);
                }
                catch (RconException ex)
                {
                    // The server may close the socket before quit's reply goes out; the wait below tells.
                    LogQuitUnanswered(logger, container, ex.Message);
                }
            }, ct);
            return true;
        }
    }

    private bool Fallback(string container, RconException ex, ActionSteps steps)
    {
        LogRconFailed(logger, container, ex.Message);
        steps.Report(ServerSteps.RconSave, $"RCON unavailable ({ex.Message}); falling back to docker stop");
        return false;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(LogLevel.Warning, "Graceful stop of {Container}: RCON failed ({Reason}); using docker stop")]
    private static partial void LogRconFailed(ILogger logger, string container, string reason);

    [LoggerMessage(LogLevel.Information, "Graceful stop of {Container}: quit got no reply ({Reason}); waiting for the exit")]
    private static partial void LogQuitUnanswered(ILogger logger, string container, string reason);

    [LoggerMessage(LogLevel.Warning, "Graceful stop of {Container} failed: container killed")]
    private static partial void LogKilled(ILogger logger, string container);
}
