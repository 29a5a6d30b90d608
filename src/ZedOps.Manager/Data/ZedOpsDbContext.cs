using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Data;

/// <summary>The one model; <see cref="SqliteZedOpsDbContext"/> and <see cref="PostgresZedOpsDbContext"/> only pick the
/// provider and own a migrations folder each. Consumers inject this type.</summary>
public abstract class ZedOpsDbContext(DbContextOptions options) : IdentityDbContext<ZedOpsUser, ZedOpsRole, Guid>(options)
{
    public DbSet<AgentEntity> Agents => Set<AgentEntity>();
    public DbSet<RegistrationTokenEntity> RegistrationTokens => Set<RegistrationTokenEntity>();
    public DbSet<ApiTokenEntity> ApiTokens => Set<ApiTokenEntity>();
    public DbSet<AuditEventEntity> AuditEvents => Set<AuditEventEntity>();
    public DbSet<ServerEntity> Servers => Set<ServerEntity>();
    public DbSet<RoleAssignmentEntity> RoleAssignments => Set<RoleAssignmentEntity>();
    public DbSet<InvitationEntity> Invitations => Set<InvitationEntity>();
    public DbSet<PlayerSessionEntity> PlayerSessions => Set<PlayerSessionEntity>();
    public DbSet<ServerCrashEntity> ServerCrashes => Set<ServerCrashEntity>();
    public DbSet<BackupTargetEntity> BackupTargets => Set<BackupTargetEntity>();
    public DbSet<BackupCopyEntity> BackupCopies => Set<BackupCopyEntity>();
    public DbSet<BackupPolicyEntity> BackupPolicies => Set<BackupPolicyEntity>();
    public DbSet<BackupScheduleEntity> BackupSchedules => Set<BackupScheduleEntity>();
    public DbSet<ServerScheduleEntity> ServerSchedules => Set<ServerScheduleEntity>();
    public DbSet<NotificationChannelEntity> NotificationChannels => Set<NotificationChannelEntity>();
    public DbSet<NotificationDeliveryEntity> NotificationDeliveries => Set<NotificationDeliveryEntity>();
    public DbSet<FleetLeaseEntity> FleetLeases => Set<FleetLeaseEntity>();
    public DbSet<DataProtectionKeyEntity> DataProtectionKeys => Set<DataProtectionKeyEntity>();
    public DbSet<SharedSecretEntity> SharedSecrets => Set<SharedSecretEntity>();
    public DbSet<ServerMetricEntity> ServerMetrics => Set<ServerMetricEntity>();
    public DbSet<HostMetricEntity> HostMetrics => Set<HostMetricEntity>();
    public DbSet<SettingsVersionEntity> SettingsVersions => Set<SettingsVersionEntity>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ZedOpsDbContext).Assembly);
    }
}

public sealed class SqliteZedOpsDbContext(DbContextOptions<SqliteZedOpsDbContext> options) : ZedOpsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset stored as text; binary keeps UTC ticks and sorts.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
    }
}

public sealed class PostgresZedOpsDbContext(DbContextOptions<PostgresZedOpsDbContext> options) : ZedOpsDbContext(options);
