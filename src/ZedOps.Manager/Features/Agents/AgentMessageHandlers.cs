using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data;
using ZedOps.Manager.Hosting;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Agents;

/// <summary>What the manager does with each message an agent sends: the manager-side subject table.</summary>
internal sealed partial class AgentMessageHandlers(
    IDbContextFactory<ZedOpsDbContext> dbFactory, AgentRegistry registry, IOptions<ManagerOptions> options, TimeProvider time, ILogger<AgentMessageHandlers> logger,
    AgentDownloads.AgentSigningKey signingKey)
{
    public static readonly IReadOnlyList<string> Capabilities = ["ping", "agent.info"];

    public ValueTask SendHelloAsync(AgentConnection connection, CancellationToken ct) =>
        connection.Wire.PublishAsync(Events.Hello, new Hello(ProtocolVersion.Current, PeerRoles.Manager, ManagerVersion.Current, Capabilities,
            AgentId: connection.AgentId, AgentName: connection.AgentName,
            HeartbeatMilliseconds: (int)options.Value.HeartbeatInterval.TotalMilliseconds, SigningKey: signingKey.PublicKey), ct);

    public void Register(MessageRouter router, AgentConnection connection) => router
        .On(Events.Hello, (hello, ct) => OnHelloAsync(connection, hello, ct))
        .On(Events.HelloRejected, (rejected, _) =>
        {
            LogAgentRefusedUs(logger, connection.AgentName, rejected.Reason);
            return ValueTask.CompletedTask;
        })
        .On(Events.Heartbeat, (heartbeat, _) =>
        {
            registry.RecordHeartbeat(connection, heartbeat);
            return ValueTask.CompletedTask;
        });

    private async ValueTask OnHelloAsync(AgentConnection connection, Hello hello, CancellationToken ct)
    {
        if (!ProtocolVersion.IsCompatible(hello.ProtocolVersion, out var reason))
        {
            LogVersionMismatch(logger, connection.AgentName, reason);
            await connection.Wire.PublishAsync(Events.HelloRejected, new HelloRejected(ErrorCodes.VersionMismatch, reason), ct);
            connection.Close(CloseCodes.VersionMismatch, "protocol version mismatch");
            return;
        }
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.Agents.Where(a => a.Id == connection.AgentId).ExecuteUpdateAsync(s => s
                .SetProperty(a => a.LastSeenAt, time.GetUtcNow())
                .SetProperty(a => a.Hostname, hello.Host != null ? hello.Host.Hostname : null)
                .SetProperty(a => a.Os, hello.Host != null ? hello.Host.Os : null)
                .SetProperty(a => a.AgentVersion, hello.SoftwareVersion)
                .SetProperty(a => a.DockerVersion, hello.Docker != null ? hello.Docker.Version : null)
                .SetProperty(a => a.DataRoot, hello.Host != null ? hello.Host.DataRoot : null), ct);
        }
        registry.MarkReady(connection, hello);
    }

    /// <summary>Records the last-seen time; a database hiccup here is logged, never thrown into the socket's request.</summary>
    public async Task MarkOfflineAsync(AgentConnection connection)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await db.Agents.Where(a => a.Id == connection.AgentId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastSeenAt, time.GetUtcNow()));
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            LogLastSeenFailed(logger, connection.AgentName, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not record when agent '{Name}' was last seen: {Reason}")]
    private static partial void LogLastSeenFailed(ILogger logger, string name, string reason);

    [LoggerMessage(LogLevel.Warning, "Agent '{Name}' refused: {Reason}")]
    private static partial void LogVersionMismatch(ILogger logger, string name, string reason);

    [LoggerMessage(LogLevel.Warning, "Agent '{Name}' refused this manager: {Reason}")]
    private static partial void LogAgentRefusedUs(ILogger logger, string name, string reason);
}
