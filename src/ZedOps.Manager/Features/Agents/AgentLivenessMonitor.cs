using Microsoft.Extensions.Options;
using ZedOps.Manager.Hosting;
using ZedOps.Protocol;

namespace ZedOps.Manager.Features.Agents;

/// <summary>Closes connections that have been silent for three heartbeat intervals (a half-open TCP connection
/// can look alive for minutes), which marks the agent offline; and closes every agent socket when the manager stops,
/// since Kestrel would otherwise wait for those long-running requests until its shutdown timeout.</summary>
internal sealed partial class AgentLivenessMonitor(
    AgentRegistry registry, IOptions<ManagerOptions> options, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<AgentLivenessMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lifetime.ApplicationStopping.Register(() =>
        {
            foreach (var connection in registry.Connections)
            {
                connection.Close(CloseCodes.ShuttingDown, "manager shutting down");
            }
        });
        var limit = options.Value.OfflineAfter;
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Sweep(limit);
        }
    }

    internal void Sweep(TimeSpan limit)
    {
        var now = time.GetUtcNow();
        foreach (var connection in registry.Connections)
        {
            var silence = now - connection.Wire.LastReceivedAt;
            if (silence > limit)
            {
                LogUnresponsive(logger, connection.AgentName, silence.TotalSeconds);
                connection.Close(CloseCodes.Unresponsive, $"no traffic for {silence.TotalSeconds:0} s");
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Agent '{Name}' silent for {Seconds:0} s; closing its connection")]
    private static partial void LogUnresponsive(ILogger logger, string name, double seconds);
}
