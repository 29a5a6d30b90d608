using Microsoft.Extensions.Logging;
using ZedOps.Agent.Docker;

namespace ZedOps.Agent.Servers;

/// <summary>How a save ended: the console printed <c>Saving finish</c>, the command could not be sent, the bound ran
/// out first, or the container stopped meanwhile.</summary>
internal enum SaveOutcome
{
    Finished,
    NotSent,
    TimedOut,
    Stopped,
}

/// <summary>
/// "Save the world and wait until it is on disk", for anything that needs a saved world (a graceful stop, a backup).
/// PZ's <c>save</c> answers <c>World saved</c> at once but only queues the save; it ends when the console prints
/// <c>Saving finish</c> (B41 prints <c>SaveAll took</c> and <c>Saving took</c> before it). The log is followed from
/// just before the command goes out, so the line cannot slip past, and the wait is bounded.
/// </summary>
internal sealed partial class WorldSave(IContainerRuntime runtime, TimeProvider time, ILogger<WorldSave> logger)
{
    public const string FinishedLine = "Saving finish";
    public const string StdinSave = "save\n";
    public const string StdinQuit = "quit\n";

    /// <summary>Sends <c>save</c> through <paramref name="send"/> (RCON, the pool, stdin; it returns false or throws
    /// when it could not) and waits up to <paramref name="bound"/> for <c>Saving finish</c>.</summary>
    public async Task<SaveOutcome> SaveAsync(string container, Func<CancellationToken, Task<bool>> send, TimeSpan bound, CancellationToken ct)
    {
        using var window = new CancellationTokenSource(bound, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, window.Token);
        var since = time.GetUtcNow().AddTicks(-1);
        var finished = WaitForLineAsync(container, since, linked.Token);
        try
        {
            if (!await send(linked.Token))
            {
                return SaveOutcome.NotSent;
            }
            var outcome = await finished;
            if (outcome is SaveOutcome.TimedOut)
            {
                ct.ThrowIfCancellationRequested();
                LogSaveTimedOut(logger, container, bound.TotalSeconds);
            }
            return outcome;
        }
        finally
        {
            // Ends the log follow whatever happened to the send.
            await linked.CancelAsync();
            await finished;
        }
    }

    /// <summary>The same over the container's stdin: for a server whose RCON is off or down.</summary>
    public Task<SaveOutcome> SaveViaStdinAsync(string container, TimeSpan bound, CancellationToken ct) =>
        SaveAsync(container, token => WriteStdinAsync(container, StdinSave, token), bound, ct);

    /// <summary>Writes to stdin; false (not an exception) when there is no open stdin or Docker refused.</summary>
    public async Task<bool> WriteStdinAsync(string container, string text, CancellationToken ct)
    {
        try
        {
            return await runtime.WriteStdinAsync(container, text, ct);
        }
        catch (ContainerRuntimeException ex)
        {
            LogStdinFailed(logger, container, ex.Message);
            return false;
        }
    }

    private async Task<SaveOutcome> WaitForLineAsync(string container, DateTimeOffset since, CancellationToken ct)
    {
        try
        {
            await foreach (var line in runtime.ReadLogsAsync(container, new LogReadOptions(Tail: null, Follow: true, Since: since), ct))
            {
                if (line.Text.Contains(FinishedLine, StringComparison.Ordinal))
                {
                    return SaveOutcome.Finished;
                }
            }
            return SaveOutcome.Stopped;
        }
        catch (OperationCanceledException)
        {
            return SaveOutcome.TimedOut;
        }
        catch (ContainerRuntimeException)
        {
            return SaveOutcome.Stopped;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Save of {Container}: no 'Saving finish' within {Seconds} s")]
    private static partial void LogSaveTimedOut(ILogger logger, string container, double seconds);

    [LoggerMessage(LogLevel.Information, "Cannot type into the console of {Container}: {Reason}")]
    private static partial void LogStdinFailed(ILogger logger, string container, string reason);
}
