namespace ZedOps.Manager.Features.Backups.Policy;

public static class BackupPolicyServices
{
    /// <summary>Locks, retention and schedules. The scheduler's clock is a keyed <see cref="TimeProvider"/> (the app's by
    /// default) so a test can move the schedules' time without moving the heartbeats and timeouts of everything else.</summary>
    public static IServiceCollection AddZedOpsBackupPolicies(this IServiceCollection services)
    {
        services.AddKeyedSingleton(BackupScheduler.ClockKey, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddScoped<BackupRetention>();
        services.AddScoped<BackupLocks>();
        services.AddScoped<BackupSchedules>();
        services.AddHostedService<BackupScheduler>();
        return services;
    }
}
