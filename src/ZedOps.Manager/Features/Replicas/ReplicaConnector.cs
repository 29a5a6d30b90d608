namespace ZedOps.Manager.Features.Replicas;

/// <summary>Connects to NATS before the other replica services start, so a wrong <c>ZEDOPS_NATS_URL</c> shows at start
/// in the log; the client then reconnects by itself and the services ride its reconnects.</summary>
internal sealed partial class ReplicaConnector(ReplicaBus bus, ILogger<ReplicaConnector> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await bus.Connection.ConnectAsync();
        LogConnected(logger, bus.Id, bus.Connection.ServerInfo?.Version ?? "?");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Replica {Replica} joined the fleet over NATS (server {Version})")]
    private static partial void LogConnected(ILogger logger, string replica, string version);
}
