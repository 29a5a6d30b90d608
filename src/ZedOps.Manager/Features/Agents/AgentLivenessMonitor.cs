using Microsoft.Extensions.Options;
using ZedOps.Manager.Hosting;
using ZedOps.Protocol;

namespace ZedOps.Manager.Features.Agents;

/// <summary>Closes connections that have been silent for three heartbeat intervals (a half-open TCP connection
/// can look alive for minutes), which marks the agent offline.</summary>
internal sealed partial class AgentLivenessMonitor(
    AgentRegistry registry, IOptions<ManagerOptions> options, TimeProvider time, ILogger<AgentLivenessMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
