using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Data.Configurations;

internal sealed class BackupTargetConfiguration : IEntityTypeConfiguration<BackupTargetEntity>
{
    public void Configure(EntityTypeBuilder<BackupTargetEntity> builder)
    {
        builder.ToTable("backup_targets");
        builder.Property(t => t.Name).HasMaxLength(64);
        builder.HasIndex(t => t.Name).IsUnique();
        builder.Property(t => t.Kind).HasMaxLength(8);
        builder.Property(t => t.Host).HasMaxLength(255);
        builder.Property(t => t.User).HasMaxLength(128);
        builder.Property(t => t.Directory).HasMaxLength(1024);
        builder.Property(t => t.HostKeyFingerprint).HasMaxLength(128);
        builder.Property(t => t.Endpoint).HasMaxLength(1024);
        builder.Property(t => t.Region).HasMaxLength(64);
        builder.Property(t => t.Bucket).HasMaxLength(63);
        builder.Property(t => t.Prefix).HasMaxLength(512);
    }
}

internal sealed class BackupCopyConfiguration : IEntityTypeConfiguration<BackupCopyEntity>
{
    public void Configure(EntityTypeBuilder<BackupCopyEntity> builder)
    {
        builder.ToTable("backup_copies");
        builder.Property(c => c.BackupId).HasMaxLength(64);
        builder.Property(c => c.State).HasMaxLength(16);
        builder.Property(c => c.Error).HasMaxLength(2048);
        builder.Property(c => c.Location).HasMaxLength(2048);
        builder.HasIndex(c => new { c.ServerId, c.BackupId, c.TargetId }).IsUnique();
        builder.HasOne<BackupTargetEntity>().WithMany().HasForeignKey(c => c.TargetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ServerEntity>().WithMany().HasForeignKey(c => c.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
