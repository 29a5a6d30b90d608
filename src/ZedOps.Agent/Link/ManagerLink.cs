using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ZedOps.Agent.Identity;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Link;

/// <summary>Keeps the one outbound WebSocket to the manager: connect, hello, heartbeats; reconnect with backoff on any
/// passing failure; stop with a distinct exit code on a definite rejection.</summary>
internal sealed partial class ManagerLink(
    AgentRegistration registration,
    LinkSession session,
    IHostApplicationLifetime lifetime,
    AgentRunResult runResult,
    ILogger<ManagerLink> logger) : BackgroundService
{
    public const int RejectedStatus = 401;

    /// <summary>Set when the link connects and says hello; tests and the bench wait on it.</summary>
    public event Action<bool>? ConnectionChanged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var identity = await registration.EnsureIdentityAsync(stoppingToken);
            await RunLoopAsync(identity, stoppingToken);
        }
        catch (AgentFatalException ex)
        {
            LogFatal(logger, ex.ExitCode, ex.Message);
            runResult.ExitCode = ex.ExitCode;
            runResult.Reason = ex.Message;
            lifetime.StopApplication();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunLoopAsync(AgentIdentity identity, CancellationToken ct)
    {
        var settings = session.Options;
        var backoff = new Backoff(settings.ReconnectMin, settings.ReconnectMax);
        var attempt = 0;
        var socketUri = ToSocketUri(identity.ManagerUrl);
        while (!ct.IsCancellationRequested)
        {
            var outcome = await ConnectOnceAsync(socketUri, identity, ct);
            ConnectionChanged?.Invoke(false);
            if (outcome.Fatal is { } fatal)
            {
                throw fatal;
            }
            if (outcome.Lasted >= settings.StableAfter)
            {
                attempt = 0;
            }
            var delay = backoff.Next(attempt++);
            LogReconnecting(logger, outcome.Reason, delay.TotalSeconds);
            await Task.Delay(delay, session.Time, ct);
        }
    }

    private async Task<LinkOutcome> ConnectOnceAsync(Uri socketUri, AgentIdentity identity, CancellationToken ct)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {identity.AgentToken}");
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(15));
            await socket.ConnectAsync(socketUri, connectTimeout.Token);
        }
        catch (WebSocketException ex) when (socket.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return LinkOutcome.Rejected(new AgentFatalException(AgentExitCodes.TokenRejected,
                $"the manager rejected this agent's token ({(int)socket.HttpStatusCode}): the agent was revoked or is unknown; register it again with a new token ({ex.Message})"));
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return LinkOutcome.Failed($"connect to {socketUri} failed: {ex.Message}");
        }

        LogConnected(logger, socketUri, identity.AgentName);
        ConnectionChanged?.Invoke(true);
        return await session.RunAsync(socket, ct);
    }

    internal static Uri ToSocketUri(string managerUrl)
    {
        var builder = new UriBuilder(new Uri(new Uri(managerUrl), "/ws/agent"));
        builder.Scheme = builder.Scheme == "https" ? "wss" : "ws";
        return builder.Uri;
    }

    [LoggerMessage(LogLevel.Critical, "Agent stopping with exit code {ExitCode}: {Reason}")]
    private static partial void LogFatal(ILogger logger, int exitCode, string reason);

    [LoggerMessage(LogLevel.Information, "Connected to {Uri} as '{Name}'")]
    private static partial void LogConnected(ILogger logger, Uri uri, string name);

    [LoggerMessage(LogLevel.Warning, "Link down ({Reason}); reconnecting in {Seconds:0.0} s")]
    private static partial void LogReconnecting(ILogger logger, string reason, double seconds);
}

internal sealed record LinkOutcome(string Reason, TimeSpan Lasted, AgentFatalException? Fatal)
{
    public static LinkOutcome Failed(string reason) => new(reason, TimeSpan.Zero, null);

    public static LinkOutcome Rejected(AgentFatalException fatal) => new(fatal.Message, TimeSpan.Zero, fatal);
}
