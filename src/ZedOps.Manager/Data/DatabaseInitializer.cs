using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Data;

/// <summary>Applies migrations (and SQLite's WAL mode) before anything else serves, then makes sure an admin exists.</summary>
internal sealed partial class DatabaseInitializer(IServiceProvider services, IOptions<ManagerOptions> options, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        DataFilePermissions.SecureDataDir(options.Value.DataDir);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        if (db.Database.IsSqlite())
        {
            DataFilePermissions.SecureSqliteFiles(db.Database.GetConnectionString()!);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, db.Database.ProviderName ?? "?", pending.Count);
        await TwoFactorSecretsUpgrade.RunAsync(db, scope.ServiceProvider.GetRequiredService<TwoFactorSecrets>(), logger, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<AdminBootstrap>().EnsureAdminAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Database ready ({Provider}); {Count} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, string provider, int count);
}
