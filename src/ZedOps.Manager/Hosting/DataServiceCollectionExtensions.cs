using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using ZedOps.Manager.Data;

namespace ZedOps.Manager.Hosting;

internal static class DataServiceCollectionExtensions
{
    /// <summary>SQLite (embedded, WAL) unless the configuration names PostgreSQL; either way consumers see <see cref="ZedOpsDbContext"/>.</summary>
    public static IServiceCollection AddZedOpsData(this IServiceCollection services, ManagerOptions options)
    {
        if (options.Database.IsPostgres)
        {
            services.AddDbContextFactory<PostgresZedOpsDbContext>((sp, o) => ((DbContextOptionsBuilder<PostgresZedOpsDbContext>)o.AddInterceptors(Interceptors(sp))).UsePostgres(options.Database.ConnectionString!));
            services.AddSingleton<IDbContextFactory<ZedOpsDbContext>, ZedOpsDbContextFactory<PostgresZedOpsDbContext>>();
            services.AddScoped<ZedOpsDbContext>(sp => sp.GetRequiredService<PostgresZedOpsDbContext>());
        }
        else
        {
            var connectionString = SqliteConnectionString(options);
            services.AddDbContextFactory<SqliteZedOpsDbContext>((sp, o) => ((DbContextOptionsBuilder<SqliteZedOpsDbContext>)o.AddInterceptors(Interceptors(sp))).UseSqliteStore(connectionString));
            services.AddSingleton<IDbContextFactory<ZedOpsDbContext>, ZedOpsDbContextFactory<SqliteZedOpsDbContext>>();
            services.AddScoped<ZedOpsDbContext>(sp => sp.GetRequiredService<SqliteZedOpsDbContext>());
        }
        services.AddSingleton<Features.Containers.ConsoleSecrets>();
        services.AddSingleton<Features.Containers.ConsoleSecretsInterceptor>();
        services.AddHostedService<DatabaseInitializer>();
        return services;
    }

    private static Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] Interceptors(IServiceProvider services) =>
        [services.GetRequiredService<Features.Containers.ConsoleSecretsInterceptor>()];

    public static string SqliteConnectionString(ManagerOptions options) =>
        string.IsNullOrWhiteSpace(options.Database.ConnectionString)
            ? $"Data Source={Path.Combine(Path.GetFullPath(options.DataDir), "zedops.db")};Default Timeout=30"
            : options.Database.ConnectionString;

    internal static DbContextOptions<T> UseSqliteStore<T>(this DbContextOptionsBuilder<T> builder, string connectionString) where T : DbContext =>
        builder.UseSqlite(connectionString, o => o.MigrationsHistoryTable("__ef_migrations")).Options;

    internal static DbContextOptions<T> UsePostgres<T>(this DbContextOptionsBuilder<T> builder, string connectionString) where T : DbContext =>
        builder.UseNpgsql(connectionString, o => o.MigrationsHistoryTable("__ef_migrations")).Options;
}

internal sealed class ZedOpsDbContextFactory<T>(IDbContextFactory<T> inner) : IDbContextFactory<ZedOpsDbContext>
    where T : ZedOpsDbContext
{
    public ZedOpsDbContext CreateDbContext() => inner.CreateDbContext();
}

// Used only by `dotnet ef migrations add` (design time); the running app configures contexts above.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteZedOpsDbContext>
{
    public SqliteZedOpsDbContext CreateDbContext(string[] args) =>
        new(DataServiceCollectionExtensions.UseSqliteStore(new DbContextOptionsBuilder<SqliteZedOpsDbContext>(), "Data Source=design.db"));
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresZedOpsDbContext>
{
    public PostgresZedOpsDbContext CreateDbContext(string[] args) =>
        new(DataServiceCollectionExtensions.UsePostgres(new DbContextOptionsBuilder<PostgresZedOpsDbContext>(), "Host=localhost;Database=zedops_design"));
}
