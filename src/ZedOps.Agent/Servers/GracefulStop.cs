using Microsoft.Extensions.Logging;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Rcon;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Servers;
using static ZedOps.Agent.Containers.ContainerCommands;

namespace ZedOps.Agent.Servers;

/// <summary>
/// The stop that keeps the world. B41 has no shutdown hook: SIGTERM ends it without saving, so a signal is never the
/// way to save. In order: RCON <c>save</c> → wait for <c>Saving finish</c> → <c>quit</c>; when RCON cannot be used,
/// the same two commands typed on the server's stdin; then wait for the exit (bounded by the server's timeout). Only
/// when neither got through: <c>docker stop</c>, flagged as a stop that may have lost unsaved progress; kill last.
/// </summary>
internal sealed partial class GracefulStop(IContainerRuntime runtime, WorldSave saves, TimeProvider time, ILogger<GracefulStop> logger)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan DockerStopGrace = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan RconConnectTimeout = TimeSpan.FromSeconds(5);
    public const string KilledFlag = ServerSteps.KilledAfterStop;

    public async Task StopAsync(string container, RconEndpoint? rcon, TimeSpan timeout, ActionSteps steps, CancellationToken ct)
    {
        timeout = timeout > TimeSpan.Zero ? timeout : DefaultTimeout;
        var started = time.GetTimestamp();
        TimeSpan Remaining() => Max(timeout - time.GetElapsedTime(started), TimeSpan.FromSeconds(1));
        // Half of what is left for the save: quit saves again anyway, and the exit needs time too.
        TimeSpan SaveBound() => Remaining() / 2;

        var saved = false;
        var quitSent = false;
        if (rcon is not null && await RconSaveAndQuitAsync(container, rcon, Remaining, SaveBound, steps, ct) is { } viaRcon)
        {
            (saved, quitSent) = (viaRcon, true);
        }
        if (!quitSent && await ConsoleSaveAndQuitAsync(container, SaveBound, steps, ct) is { } viaConsole)
        {
            (saved, quitSent) = (viaConsole, true);
        }
        if (quitSent)
        {
            var waited = await Run(() => runtime.WaitForExitAsync(container, Remaining(), ct));
            await steps.RecordAsync(ServerSteps.WaitExit, waited is { } code ? $"{container} exited with code {code}" : $"{container} still runs after {timeout.TotalSeconds:0} s", ct);
            if (waited is not null)
            {
                return;
            }
        }
        else
        {
            LogUnsaved(logger, container);
        }
        var grace = quitSent ? DockerStopGrace : Remaining();
        await steps.RunAsync(ServerSteps.DockerStop, $"docker stop {container} (grace {grace.TotalSeconds:0} s)",
            () => Run(async () => { await runtime.StopAsync(container, grace, ct); return true; }), ct);
        if (!saved)
        {
            await steps.RecordAsync(ServerSteps.UnsavedStop,
                $"{container} was stopped with a signal before a save finished (neither RCON nor its console took save/quit): unsaved progress may be lost (a B41 server does not save on SIGTERM)", ct);
        }
        // docker stop kills after its grace itself; a container that survives even that (stuck in D state, a
        // daemon hiccup) gets an explicit kill, flagged so the manager can say the world may not be saved.
        if (await Run(() => runtime.InspectAsync(container, ct)) is { State: ContainerStates.Running })
        {
            LogKilled(logger, container);
            await Run(async () => { await runtime.KillAsync(container, ct); return true; });
            await steps.RecordAsync(KilledFlag, $"{container} killed after the graceful stop failed: unsaved progress may be lost", ct);
        }
    }

    /// <summary>Whether the save finished, once <c>quit</c> went out (its reply may be lost as the server exits).
    /// Null when RCON could not be reached or <c>save</c> failed: the console is tried next.</summary>
    private async Task<bool?> RconSaveAndQuitAsync(string container, RconEndpoint rcon, Func<TimeSpan> remaining, Func<TimeSpan> saveBound, ActionSteps steps, CancellationToken ct)
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
            SaveOutcome outcome;
            try
            {
                outcome = SaveOutcome.NotSent;
                await steps.RunAsync(ServerSteps.RconSave, "RCON save, waiting for 'Saving finish'", async () =>
                    outcome = await saves.SaveAsync(container, async token => { await client.ExecuteAsync("save", remaining(), token); return true; }, saveBound(), ct), ct);
            }
            catch (RconException ex)
            {
                return Fallback(container, ex, steps);
            }
            ReportSave(steps, ServerSteps.RconSave, outcome);
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
            return outcome == SaveOutcome.Finished;
        }
    }

    /// <summary><c>save</c> and <c>quit</c> typed on stdin; null when the container has no open stdin.</summary>
    private async Task<bool?> ConsoleSaveAndQuitAsync(string container, Func<TimeSpan> saveBound, ActionSteps steps, CancellationToken ct)
    {
        var outcome = await saves.SaveViaStdinAsync(container, saveBound(), ct);
        if (outcome == SaveOutcome.NotSent)
        {
            steps.Report(ServerSteps.ConsoleSave, $"{container} has no open console (stdin) either; falling back to docker stop");
            return null;
        }
        await steps.RecordAsync(ServerSteps.ConsoleSave, "console save (stdin)", ct);
        ReportSave(steps, ServerSteps.ConsoleSave, outcome);
        if (!await saves.WriteStdinAsync(container, WorldSave.StdinQuit, ct))
        {
            return null;
        }
        await steps.RecordAsync(ServerSteps.ConsoleQuit, "console quit (stdin)", ct);
        return outcome == SaveOutcome.Finished;
    }

    private static void ReportSave(ActionSteps steps, string step, SaveOutcome outcome) => steps.Report(step, outcome switch
    {
        SaveOutcome.Finished => "the world is saved (Saving finish)",
        SaveOutcome.Stopped => "the server stopped before the save finished",
        _ => "no 'Saving finish' in time; quit saves again before it exits",
    });

    private bool? Fallback(string container, RconException ex, ActionSteps steps)
    {
        LogRconFailed(logger, container, ex.Message);
        steps.Report(ServerSteps.RconSave, $"RCON unavailable ({ex.Message}); falling back to the console (stdin)");
        return null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(LogLevel.Warning, "Graceful stop of {Container}: RCON failed ({Reason}); trying the console")]
    private static partial void LogRconFailed(ILogger logger, string container, string reason);

    [LoggerMessage(LogLevel.Information, "Graceful stop of {Container}: quit got no reply ({Reason}); waiting for the exit")]
    private static partial void LogQuitUnanswered(ILogger logger, string container, string reason);

    [LoggerMessage(LogLevel.Warning, "Graceful stop of {Container}: neither RCON nor the console answered; stopping with a signal, unsaved progress may be lost")]
    private static partial void LogUnsaved(ILogger logger, string container);

    [LoggerMessage(LogLevel.Warning, "Graceful stop of {Container} failed: container killed")]
    private static partial void LogKilled(ILogger logger, string container);
}
