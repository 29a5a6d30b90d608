using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Data.Configurations;

internal sealed class BackupPolicyConfiguration : IEntityTypeConfiguration<BackupPolicyEntity>
{
    public void Configure(EntityTypeBuilder<BackupPolicyEntity> builder)
    {
        builder.ToTable("backup_policies");
        builder.HasKey(p => p.ServerId);
        builder.HasOne<ServerEntity>().WithOne().HasForeignKey<BackupPolicyEntity>(p => p.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BackupScheduleConfiguration : IEntityTypeConfiguration<BackupScheduleEntity>
{
    public void Configure(EntityTypeBuilder<BackupScheduleEntity> builder)
    {
        builder.ToTable("backup_schedules");
        builder.Property(s => s.Cron).HasMaxLength(128);
        builder.Property(s => s.TimeZone).HasMaxLength(64);
        builder.Property(s => s.Mode).HasMaxLength(24);
        builder.Property(s => s.LastResult).HasMaxLength(16);
        builder.Property(s => s.LastMessage).HasMaxLength(2048);
        builder.HasIndex(s => s.ServerId);
        builder.HasIndex(s => s.NextRunAt);
        builder.HasOne<ServerEntity>().WithMany().HasForeignKey(s => s.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
