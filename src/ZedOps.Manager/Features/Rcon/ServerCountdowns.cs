using System.Collections.Concurrent;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Players;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Rcon;

public sealed record CountdownView(Guid ServerId, string Action, DateTimeOffset EndsAt, string StartedBy);

/// <summary>
/// Stop or restart with a warning: broadcasts (<c>servermsg</c>) at the start and at 5 min, 1 min and 10 s before
/// the end, then runs the graceful stop or restart. Cancellable until that moment (a cancel is broadcast too).
/// One countdown per server; it lives in this process only, so a manager restart drops it.
/// </summary>
public sealed partial class ServerCountdowns(IServiceScopeFactory scopes, TimeProvider time, ILogger<ServerCountdowns> logger)
{
    public static readonly TimeSpan[] Warnings = [TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(10)];
    public static readonly TimeSpan MaxDelay = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<Guid, (CountdownView View, CancellationTokenSource Cancel)> _running = new();

    public event Action<Guid>? Changed;

    public CountdownView? Get(Guid serverId) => _running.TryGetValue(serverId, out var c) ? c.View : null;

    public CountdownView Start(Guid serverId, string action, TimeSpan delay, AuditActor actor)
    {
        if (action is not ("stop" or "restart") || delay < TimeSpan.Zero || delay > MaxDelay)
        {
            throw ServerCommandException.Invalid("Invalid countdown", $"action must be stop or restart and the delay 0 s to {MaxDelay.TotalMinutes:0} min");
        }
        var view = new CountdownView(serverId, action, time.GetUtcNow() + delay, actor.Name);
        var cancel = new CancellationTokenSource();
        if (!_running.TryAdd(serverId, (view, cancel)))
        {
            cancel.Dispose();
            throw ServerCommandException.Conflict($"A {Get(serverId)?.Action} countdown already runs for this server; cancel it first.");
        }
        _ = Task.Run(() => RunAsync(view, actor, cancel.Token), CancellationToken.None);
        Changed?.Invoke(serverId);
        return view;
    }

    public async Task<bool> CancelAsync(Guid serverId, AuditActor actor)
    {
        if (!_running.TryRemove(serverId, out var countdown))
        {
            return false;
        }
        await countdown.Cancel.CancelAsync();
        Changed?.Invoke(serverId);
        await BroadcastAsync(serverId, $"The server {countdown.View.Action} was cancelled.", actor);
        return true;
    }

    private async Task RunAsync(CountdownView view, AuditActor actor, CancellationToken ct)
    {
        try
        {
            var left = view.EndsAt - time.GetUtcNow();
            await BroadcastAsync(view.ServerId, Message(view.Action, left), actor);
            foreach (var mark in Warnings.Where(w => w < left))
            {
                await Task.Delay(view.EndsAt - mark - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, ct);
                await BroadcastAsync(view.ServerId, Message(view.Action, mark), actor);
            }
            var rest = view.EndsAt - time.GetUtcNow();
            await Task.Delay(rest > TimeSpan.Zero ? rest : TimeSpan.Zero, time, ct);
            if (!_running.TryRemove(view.ServerId, out _))
            {
                return;
            }
            Changed?.Invoke(view.ServerId);
            await using var scope = scopes.CreateAsyncScope();
            var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();
            _ = view.Action == "stop" ? await lifecycle.StopAsync(view.ServerId, actor) : await lifecycle.RestartAsync(view.ServerId, actor);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Cancelled: CancelAsync already told the players.
        }
        catch (Exception ex) when (ex is ServerCommandException or Protocol.Transport.WireRequestException)
        {
            LogFailed(logger, view.ServerId, view.Action, ex.Message);
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
