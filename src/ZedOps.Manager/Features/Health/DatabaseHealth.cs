using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;

namespace ZedOps.Manager.Features.Health;

/// <summary>A background probe of the database every <see cref="Every"/>, so <c>/health</c> (polled by load balancers
/// and container runtimes) answers from memory instead of opening a connection per call.</summary>
public sealed partial class DatabaseHealth(IServiceScopeFactory scopes, TimeProvider time, ILogger<DatabaseHealth> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    private volatile Task<bool>? _last;

    public string Provider { get; private set; } = "unknown";

    /// <summary>How long the last finished probe took (for <c>/metrics</c>).</summary>
    public TimeSpan LastLatency { get; private set; }

    /// <summary>The latest probe's answer (the first call waits for the first probe).</summary>
    public Task<bool> CanConnectAsync() => _last ??= ProbeAsync(CancellationToken.None);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            var probe = ProbeAsync(stoppingToken);
            await probe;
            _last = probe;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> ProbeAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
            Provider = db.Database.ProviderName?.Split('.').Last() ?? "unknown";
            var started = time.GetTimestamp();
            var answered = await db.Database.CanConnectAsync(ct);
            LastLatency = time.GetElapsedTime(started);
            return answered;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogProbeFailed(logger, ex.Message);
            return false;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Database health probe failed: {Reason}")]
    private static partial void LogProbeFailed(ILogger logger, string reason);
}
