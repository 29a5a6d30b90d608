using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Hosting;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers;

/// <summary>Optional automatic purge (off by default: ZedOps:DeletedServerRetentionDays): servers deleted longer ago than
/// that lose their catalogue row and freed ports. Their world data is always kept; only an explicit purge removes it.</summary>
internal sealed partial class DeletedServerRetention(IServiceScopeFactory scopes, IOptions<ManagerOptions> options, TimeProvider time, ILogger<DeletedServerRetention> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.DeletedServerRetentionDays is not > 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        do
        {
            await PurgeExpiredAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(options.Value.DeletedServerRetentionDays!.Value);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var expired = (await db.Servers.AsNoTracking().Where(s => s.Status == ServerStatuses.Deleted).Select(s => new { s.Id, s.Name, s.DeletedAt }).ToListAsync(ct))
            .Where(s => s.DeletedAt < cutoff).ToList();
        var lifecycle = scope.ServiceProvider.GetRequiredService<ServerLifecycle>();
        var purged = 0;
        foreach (var server in expired)
        {
            try
            {
                await lifecycle.PurgeAsync(server.Id, server.Name, removeData: false, AuditActor.System with { Name = "retention" }, ct);
                purged++;
            }
            catch (Exception ex) when (ex is ServerCommandException or WireRequestException)
            {
                LogSkipped(logger, server.Name, ex.Message);
            }
        }
        return purged;
    }

    [LoggerMessage(LogLevel.Information, "Retention could not purge deleted server '{Name}' now ({Reason}); it retries later")]
    private static partial void LogSkipped(ILogger logger, string name, string reason);
}
