using System.Collections.Concurrent;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Players;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Rcon;

public sealed record CountdownView(Guid ServerId, string Action, DateTimeOffset EndsAt, string StartedBy);

/// <summary>One step of a warning ladder: <see cref="Message"/> is broadcast <see cref="Before"/> the end.</summary>
public sealed record CountdownWarning(TimeSpan Before, string Message);

/// <summary>How a countdown warns: its ladder, an optional last message at the end, and the clock it runs on
/// (a scheduled countdown runs on the schedules' clock so a test can drive it).</summary>
public sealed record CountdownPlan(IReadOnlyList<CountdownWarning> Warnings, string? FinalMessage, TimeProvider? Clock = null);

/// <summary>
/// Stop or restart with a warning: broadcasts (<c>servermsg</c>) at the start and at 5 min, 1 min and 10 s before
/// the end, then runs the graceful stop or restart. Cancellable until that moment (a cancel is broadcast too).
/// One countdown per server; it lives in this process only, so a manager restart drops it. A scheduled task passes its
/// own <see cref="CountdownPlan"/> (ladder, texts, final message) and awaits the countdown's end.
/// </summary>
public sealed partial class ServerCountdowns(IServiceScopeFactory scopes, TimeProvider time, ILogger<ServerCountdowns> logger)
{
    public static readonly TimeSpan[] Warnings = [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10)];
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<Guid, (CountdownView View, CancellationTokenSource Cancel)> _running = new();
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<string>> _done = new();

    public event Action<Guid>? Changed;

    public CountdownView? Get(Guid serverId) => _running.TryGetValue(serverId, out var c) ? c.View : null;

    public CountdownView Start(Guid serverId, string action, TimeSpan delay, AuditActor actor) => Start(serverId, action, delay, actor, null);

    /// <summary>Starts a countdown with the default ladder (<paramref name="plan"/> null) or a given one.</summary>
    public CountdownView Start(Guid serverId, string action, TimeSpan delay, AuditActor actor, CountdownPlan? plan)
    {
        if (action is not ("stop" or "restart") || delay < TimeSpan.Zero || delay > MaxDelay)
        {
            throw ServerCommandException.Invalid("Invalid countdown", $"action must be stop or restart and the delay 0 s to {MaxDelay.TotalMinutes:0} min");
        }
        plan ??= DefaultPlan(action, delay);
        var clock = plan.Clock ?? time;
        var view = new CountdownView(serverId, action, clock.GetUtcNow() + delay, actor.Name);
        var cancel = new CancellationTokenSource();
        if (!_running.TryAdd(serverId, (view, cancel)))
        {
            cancel.Dispose();
            throw ServerCommandException.Conflict($"A {Get(serverId)?.Action} countdown already runs for this server; cancel it first.");
        }
        _done[serverId] = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(() => RunAsync(view, plan, clock, actor, cancel.Token), CancellationToken.None);
        Changed?.Invoke(serverId);
        return view;
    }

    /// <summary>Completes when the server's current countdown ends: "restart"/"stop" begun, "cancelled", or the failure.</summary>
    public Task<string> WhenDoneAsync(Guid serverId) => _done.TryGetValue(serverId, out var done) ? done.Task : Task.FromResult("no countdown");

    /// <summary>The ladder of a countdown started by hand: the full time at the start, then 5 min, 1 min and 10 s.</summary>
    public static CountdownPlan DefaultPlan(string action, TimeSpan delay) =>
        new([new CountdownWarning(delay, Message(action, delay)), .. Warnings.Where(w => w < delay).Select(w => new CountdownWarning(w, Message(action, w)))], null);

    public async Task<bool> CancelAsync(Guid serverId, AuditActor actor)
    {
        if (!_running.TryRemove(serverId, out var countdown))
        {
            return false;
        }
        await countdown.Cancel.CancelAsync();
        Finish(serverId, "cancelled");
        Changed?.Invoke(serverId);
        await BroadcastAsync(serverId, $"The server {countdown.View.Action} was cancelled.", actor);
        return true;
    }

    private async Task RunAsync(CountdownView view, CountdownPlan plan, TimeProvider clock, AuditActor actor, CancellationToken ct)
    {
        try
        {
            foreach (var warning in plan.Warnings.OrderByDescending(w => w.Before))
            {
                await DelayUntilAsync(view.EndsAt - warning.Before, clock, ct);
                await BroadcastAsync(view.ServerId, warning.Message, actor);
            }
            await DelayUntilAsync(view.EndsAt, clock, ct);
            if (!_running.TryRemove(view.ServerId, out _))
            {
                return;
            }
            if (!string.IsNullOrWhiteSpace(plan.FinalMessage))
            {
                await BroadcastAsync(view.ServerId, plan.FinalMessage, actor);
            }
            Changed?.Invoke(view.ServerId);
            await using var scope = scopes.CreateAsyncScope();
            var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();
            _ = view.Action == "stop" ? await lifecycle.StopAsync(view.ServerId, actor) : await lifecycle.RestartAsync(view.ServerId, actor);
            Finish(view.ServerId, view.Action);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Cancelled: CancelAsync already told the players.
        }
        catch (Exception ex) when (ex is ServerCommandException or Protocol.Transport.WireRequestException)
        {
            LogFailed(logger, view.ServerId, view.Action, ex.Message);
            Finish(view.ServerId, $"failed: {ex.Message}");
        }
    }

    private static Task DelayUntilAsync(DateTimeOffset at, TimeProvider clock, CancellationToken ct) =>
        at - clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? Task.Delay(wait, clock, ct) : Task.CompletedTask;

    private void Finish(Guid serverId, string outcome)
    {
        if (_done.TryRemove(serverId, out var done))
        {
            done.TrySetResult(outcome);
        }
    }

    private async Task BroadcastAsync(Guid serverId, string message, AuditActor actor)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RconConsole>().ExecuteAsync(serverId, PlayerCommands.Broadcast(message), actor, CancellationToken.None);
        }
        catch (Exception ex) when (ex is ServerCommandException or Protocol.Transport.WireRequestException)
        {
            // No RCON (nobody can be online then) must not stop the countdown.
            LogBroadcastFailed(logger, serverId, ex.Message);
        }
    }

    public static string Message(string action, TimeSpan left) => $"The server {(action == "stop" ? "shuts down" : "restarts")} in {Describe(left)}.";

    private static string Describe(TimeSpan t) => t.TotalSeconds < 60 ? $"{Math.Round(t.TotalSeconds):0} seconds"
        : t.TotalMinutes < 2 ? "1 minute" : $"{Math.Round(t.TotalMinutes):0} minutes";

    [LoggerMessage(LogLevel.Warning, "Countdown {Action} of server {ServerId} failed at the end: {Reason}")]
    private static partial void LogFailed(ILogger logger, Guid serverId, string action, string reason);

    [LoggerMessage(LogLevel.Information, "Countdown broadcast to server {ServerId} failed: {Reason}")]
    private static partial void LogBroadcastFailed(ILogger logger, Guid serverId, string reason);
}
