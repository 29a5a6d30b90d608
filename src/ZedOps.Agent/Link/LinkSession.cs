using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZedOps.Agent.Host;
using ZedOps.Agent.Identity;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Link;

/// <summary>One connected session: hello both ways, then heartbeats until the socket ends.</summary>
internal sealed partial class LinkSession(
    CommandDispatcher dispatcher, HostReport report, ManagerChannel channel, IOptions<AgentOptions> options, TimeProvider time, ILogger<LinkSession> logger,
    Update.UpdateGuardFactory updates)
{
    public static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);

    public TimeProvider Time => time;

    public AgentOptions Options => options.Value;

    /// <summary>The live connection, for features that publish events to the manager; null while disconnected.</summary>
    public WireConnection? Current { get; private set; }

    public async Task<LinkOutcome> RunAsync(WebSocket socket, CancellationToken ct)
    {
        var startedAt = Time.GetUtcNow();
        var managerHello = new TaskCompletionSource<Hello>(TaskCreationOptions.RunContinuationsAsynchronously);
        AgentFatalException? fatal = null;
        var router = dispatcher.CreateRouter()
            .On(Events.Hello, (hello, _) => { managerHello.TrySetResult(hello); return ValueTask.CompletedTask; })
            .On(Events.HelloRejected, (rejected, _) =>
            {
                fatal = new AgentFatalException(AgentExitCodes.VersionMismatch, $"the manager refused this agent: {rejected.Reason}");
                return ValueTask.CompletedTask;
            });
        var connection = new WireConnection(socket, router, new WireOptions(), Time, logger);
        using var sessionCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = connection.RunAsync(sessionCts.Token);
        try
        {
            await connection.PublishAsync(Events.Hello, await report.HelloAsync(ct), ct);
            var hello = await managerHello.Task.WaitAsync(HelloTimeout, Time, ct);
            if (!ProtocolVersion.IsCompatible(hello.ProtocolVersion, out var reason))
            {
                fatal = new AgentFatalException(AgentExitCodes.VersionMismatch, reason);
                connection.Close(CloseCodes.VersionMismatch, "protocol version mismatch");
                await connection.PublishAsync(Events.HelloRejected, new HelloRejected(ErrorCodes.VersionMismatch, reason), ct);
            }
            else
            {
                Current = connection;
                channel.Attach(connection);
                new AgentIdentityStore(options.Value.StateDir).PinKeyIfMissing(hello.SigningKey);
                updates.ForThisBinary()?.Confirm();
                var interval = hello.HeartbeatMilliseconds is > 0 ? TimeSpan.FromMilliseconds(hello.HeartbeatMilliseconds.Value) : options.Value.HeartbeatInterval;
                await HeartbeatUntilClosedAsync(connection, run, interval, ct);
            }
        }
        catch (Exception ex) when (ex is TimeoutException or WireRequestException)
        {
            connection.Close(WebSocketCloseStatus.PolicyViolation, "no hello");
            LogNoHello(logger, ex.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            connection.Close(CloseCodes.ShuttingDown, "agent shutting down");
        }
        finally
        {
            Current = null;
            channel.Detach();
        }
        var closed = await run;
        fatal ??= FatalFromClose(closed);
        var lasted = Time.GetUtcNow() - startedAt;
        return new LinkOutcome($"closed {(int?)closed.Status} {closed.Reason}".Trim(), lasted, fatal);
    }

    private async Task HeartbeatUntilClosedAsync(WireConnection connection, Task run, TimeSpan interval, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, Time);
        report.Prime();
        while (!run.IsCompleted)
        {
            var tick = timer.WaitForNextTickAsync(ct).AsTask();
            if (await Task.WhenAny(tick, run) == run)
            {
                return;
            }
            try
            {
                await connection.PublishAsync(Events.Heartbeat, await report.HeartbeatAsync(ct), ct);
            }
            catch (WireRequestException)
            {
                return;
            }
        }
    }

    private static AgentFatalException? FatalFromClose(WireCloseInfo closed) => closed.Status switch
    {
        CloseCodes.Revoked => new AgentFatalException(AgentExitCodes.TokenRejected, $"the manager revoked this agent: {closed.Reason}"),
        CloseCodes.VersionMismatch => new AgentFatalException(AgentExitCodes.VersionMismatch, $"the manager refused this agent: {closed.Reason}"),
        _ => null,
    };

    [LoggerMessage(LogLevel.Warning, "The manager did not complete the hello handshake: {Reason}")]
    private static partial void LogNoHello(ILogger logger, string reason);
}
