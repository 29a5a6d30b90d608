using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Audit;

/// <summary>The only way audit rows leave: when ZedOps:AuditRetentionDays is set (off by default), rows older than that
/// are deleted once a day. There is no edit API.</summary>
internal sealed partial class AuditRetention(IServiceScopeFactory scopes, IOptions<ManagerOptions> options, TimeProvider time, ILogger<AuditRetention> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.AuditRetentionDays is not > 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromDays(1), time);
        do
        {
            await PruneAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task<int> PruneAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.AuditRetentionDays!.Value);
        await using var scope = scopes.CreateAsyncScope();
        var deleted = await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().AuditEvents.Where(e => e.At < cutoff).ExecuteDeleteAsync(ct);
        if (deleted > 0)
        {
            LogPruned(logger, deleted, cutoff);
        }
        return deleted;
    }

    [LoggerMessage(LogLevel.Information, "Audit retention removed {Count} events older than {Cutoff:O}")]
    private static partial void LogPruned(ILogger logger, int count, DateTimeOffset cutoff);
}
