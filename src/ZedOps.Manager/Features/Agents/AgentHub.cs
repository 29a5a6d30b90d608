using System.Net.WebSockets;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Agents;

/// <summary><c>/ws/agent</c>: authenticates the agent token before the upgrade, then runs the connection until it ends.</summary>
internal sealed partial class AgentHub(
    AgentAuthenticator authenticator, AgentRegistry registry, AgentMessageHandlers handlers, AgentEventFilter eventFilter,
    IEnumerable<AgentRoutes> featureRoutes,
    TimeProvider time, ILogger<AgentHub> logger)
{
    public const string Path = "/ws/agent";

    /// <summary>An agent asks the manager little; bounding its requests in flight bounds what it can make us hold.</summary>
    private static readonly WireOptions s_wireOptions = new() { MaxConcurrentRequests = 64 };

    public async Task AcceptAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(statusCode: 400, title: "WebSocket required", detail: "Agents connect here with a WebSocket upgrade.").ExecuteAsync(http);
            return;
        }
        var agent = await authenticator.AuthenticateAsync(http.Request.Headers.Authorization.ToString(), http.RequestAborted);
        if (agent is null)
        {
            LogRejected(logger, http.Connection.RemoteIpAddress?.ToString());
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Problem(statusCode: 401, title: "Agent not authorized",
                detail: "The agent token is missing, unknown or revoked.").ExecuteAsync(http);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        var router = new MessageRouter(logger);
        var wire = new WireConnection(socket, router, s_wireOptions, time, logger);
        var connection = new AgentConnection(agent.Value.Id, agent.Value.Name, wire, time.GetUtcNow());
        router.FilterEvents(eventFilter.For(connection));
        handlers.Register(router, connection);
        foreach (var routes in featureRoutes)
        {
            routes.Register(router, connection);
        }

        registry.Attach(connection)?.Close(CloseCodes.Replaced, "replaced by a newer connection of the same agent");
        LogConnected(logger, agent.Value.Name, agent.Value.Id, http.Connection.RemoteIpAddress?.ToString());
        var run = wire.RunAsync(http.RequestAborted);
        await handlers.SendHelloAsync(connection, http.RequestAborted);
        _ = CloseIfNoHelloAsync(connection, run);
        var closed = await run;
        if (registry.Detach(connection))
        {
            await handlers.MarkOfflineAsync(connection);
        }
        LogDisconnected(logger, agent.Value.Name, (int?)closed.Status, closed.Reason);
    }

    private async Task CloseIfNoHelloAsync(AgentConnection connection, Task run)
    {
        await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(10), time));
        if (!connection.Ready && !run.IsCompleted)
        {
            connection.Close(WebSocketCloseStatus.PolicyViolation, "no hello within 10 s");
        }
    }

    [LoggerMessage(LogLevel.Warning, "Refused an agent connection from {Remote}: bad or missing token")]
    private static partial void LogRejected(ILogger logger, string? remote);

    [LoggerMessage(LogLevel.Information, "Agent '{Name}' ({AgentId}) connected from {Remote}")]
    private static partial void LogConnected(ILogger logger, string name, Guid agentId, string? remote);

    [LoggerMessage(LogLevel.Information, "Agent '{Name}' disconnected ({Status} {Reason})")]
    private static partial void LogDisconnected(ILogger logger, string name, int? status, string? reason);
}

internal static class ManagerVersion
{
    public static readonly string Current = typeof(ManagerVersion).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
}
