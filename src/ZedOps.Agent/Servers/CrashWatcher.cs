using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Link;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Agent.Servers;

/// <summary>
/// Decides on the agent, from Docker's event stream, whether a managed server crashed: the agent sees the container
/// die, knows whether ZedOps asked for it, and must act while the manager is unreachable. A <c>die</c> is a crash
/// when ZedOps did not stop it (<see cref="GameServer.ExpectExit"/>), no <c>docker stop</c>/<c>docker kill</c> came
/// first (Docker sends a <c>kill</c> event for those; like Docker's own restart policies, a stop by hand is taken as
/// meant, and the server shows stopped), and the exit code is not 0 (PZ's <c>quit</c>, typed in game or on the console,
/// exits 0). An OOM kill or a process that dies by itself is a crash. Each crash is reported as <see cref="ServerCrashed"/>
/// with the last console lines, then restarted after the policy's backoff, until the crash loop rule stops it.
/// </summary>
internal sealed partial class CrashWatcher
{
    public const int ConsoleLines = 50;

    /// <summary>Reports kept while the manager is unreachable; the oldest go first past this.</summary>
    public const int MaxUnsent = 20;

    private readonly IContainerRuntime _runtime;
    private readonly ManagerChannel _channel;
    private readonly ServerSupervisor _supervisor;
    private readonly TimeProvider _time;
    private readonly ILogger<CrashWatcher> _logger;
    private readonly ConcurrentQueue<ServerCrashed> _unsent = new();
    private readonly SemaphoreSlim _flush = new(1, 1);

    /// <summary>Containers (by id) that got a <c>kill</c> event (docker stop/kill) since their last start.</summary>
    private readonly ConcurrentDictionary<string, byte> _signalled = new(StringComparer.Ordinal);

    public CrashWatcher(IContainerRuntime runtime, ManagerChannel channel, ServerSupervisor supervisor, TimeProvider time, ILogger<CrashWatcher> logger)
    {
        (_runtime, _channel, _supervisor, _time, _logger) = (runtime, channel, supervisor, time, logger);
        channel.Attached += () => _ = Task.Run(FlushAsync, CancellationToken.None);
    }

    /// <summary>Called for every container event, in Docker's order, before anything slow happens.</summary>
    public void OnContainerEvent(ContainerEvent e)
    {
        if (!e.Labels.TryGetValue(ContainerLabels.ServerId, out var id) || !Guid.TryParse(id, out var serverId)
            || !e.Labels.TryGetValue(ContainerLabels.ServerName, out var name))
        {
            return;
        }
        var server = _supervisor.Get(serverId);
        switch (e.Action)
        {
            case "start":
                _signalled.TryRemove(e.Id, out _);
                server.ClearExpectedExit();
                break;
            case "kill":
                _signalled[e.Id] = 0;
                break;
            case "destroy":
                _signalled.TryRemove(e.Id, out _);
                break;
            case "die":
                var expected = server.TakeExpectedExit();
                var signalled = _signalled.TryRemove(e.Id, out _);
                if (!expected && !signalled && e.ExitCode is not 0)
                {
                    _ = Task.Run(() => HandleCrashAsync(server, name, e), CancellationToken.None);
                }
                break;
        }
    }

    private async Task HandleCrashAsync(GameServer server, string name, ContainerEvent e)
    {
        var actions = server.Actions;
        var policy = server.CrashPolicy ?? CrashPolicy.Default;
        CrashDecision decision;
        lock (server.CrashGate)
        {
            decision = server.Crashes.Record(_time.GetUtcNow(), policy);
        }
        var container = ServerProvisioner.ContainerName(name);
        LogCrashed(_logger, container, e.ExitCode, decision.Outcome, decision.CrashesInWindow);
        var restartAt = decision.Delay is { } delay ? _time.GetUtcNow() + delay : (DateTimeOffset?)null;
        var lines = await LastLinesAsync(container);
        await ReportAsync(new ServerCrashed(server.Id, name, e.ExitCode, e.At, decision.Outcome, decision.CrashesInWindow, restartAt, lines));
        if (decision.Delay is { } wait)
        {
            await Task.Delay(wait, _time);
            await RestartAsync(server, container, actions);
        }
    }

    /// <summary>Under the power lock, and only when nothing happened since the crash: a stop, start or delete by a user
    /// meanwhile wins over the scheduled restart.</summary>
    private async Task RestartAsync(GameServer server, string container, long actions)
    {
        try
        {
            await server.WithPowerLockAsync(async () =>
            {
                if (server.Actions != actions || await _runtime.InspectAsync(container, CancellationToken.None) is not { State: ContainerStates.Exited or ContainerStates.Dead })
                {
                    LogRestartSkipped(_logger, container);
                    return false;
                }
                // Readiness follows from the start event: the container carries its readiness text as a label.
                await _runtime.StartAsync(container, CancellationToken.None);
                LogRestarted(_logger, container);
                return true;
            }, CancellationToken.None);
        }
        catch (ContainerRuntimeException ex)
        {
            LogRestartFailed(_logger, container, ex.Message);
            await _channel.TryPublishAsync(Events.ServerProgress,
                new ServerProgress(server.Id, "crash.restart", $"restart after the crash failed: {ex.Message}", _time.GetUtcNow()), CancellationToken.None);
        }
    }

    /// <summary>The crash acts without the manager (the restart happens anyway); the report waits for the next connection.</summary>
    private async Task ReportAsync(ServerCrashed crash)
    {
        if (await _channel.TryPublishAsync(Events.ServerCrashed, crash, CancellationToken.None))
        {
            return;
        }
        _unsent.Enqueue(crash with { Replayed = true });
        while (_unsent.Count > MaxUnsent && _unsent.TryDequeue(out _))
        {
        }
        // Attached may have fired between the failed publish and the enqueue.
        if (_channel.IsConnected)
        {
            await FlushAsync();
        }
    }

    private async Task FlushAsync()
    {
        await _flush.WaitAsync();
        try
        {
            while (_unsent.TryPeek(out var crash))
            {
                if (!await _channel.TryPublishAsync(Events.ServerCrashed, crash, CancellationToken.None))
                {
                    return;
                }
                _unsent.TryDequeue(out _);
            }
        }
        finally
        {
            _flush.Release();
        }
    }

    private async Task<IReadOnlyList<LogLine>> LastLinesAsync(string container)
    {
        var lines = new List<LogLine>();
        try
        {
            await foreach (var line in _runtime.ReadLogsAsync(container, new LogReadOptions(ConsoleLines, Follow: false), CancellationToken.None))
            {
                lines.Add(line);
            }
        }
        catch (ContainerRuntimeException ex)
        {
            LogNoLines(_logger, container, ex.Message);
        }
        return lines.TakeLast(ConsoleLines).ToList();
    }

    [LoggerMessage(LogLevel.Warning, "Game server {Container} crashed (exit code {ExitCode}): {Outcome}, crash {Count} in the window")]
    private static partial void LogCrashed(ILogger logger, string container, int? exitCode, string outcome, int count);

    [LoggerMessage(LogLevel.Information, "Restarted {Container} after its crash")]
    private static partial void LogRestarted(ILogger logger, string container);

    [LoggerMessage(LogLevel.Information, "Crash restart of {Container} skipped: a ZedOps action or a start came first")]
    private static partial void LogRestartSkipped(ILogger logger, string container);

    [LoggerMessage(LogLevel.Warning, "Crash restart of {Container} failed: {Reason}")]
    private static partial void LogRestartFailed(ILogger logger, string container, string reason);

    [LoggerMessage(LogLevel.Warning, "Could not read the last console lines of {Container}: {Reason}")]
    private static partial void LogNoLines(ILogger logger, string container, string reason);
}
