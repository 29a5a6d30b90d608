using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Data.Configurations;

internal sealed class SettingsVersionConfiguration : IEntityTypeConfiguration<SettingsVersionEntity>
{
    public void Configure(EntityTypeBuilder<SettingsVersionEntity> builder)
    {
        builder.ToTable("settings_versions");
        builder.Property(v => v.Kind).HasMaxLength(16);
        builder.Property(v => v.Actor).HasMaxLength(256);
        builder.Property(v => v.Action).HasMaxLength(16);
        builder.Property(v => v.Summary).HasMaxLength(2000);
        builder.Property(v => v.Hash).HasMaxLength(64);
        builder.HasIndex(v => new { v.ServerId, v.Kind, v.Id });
        builder.HasOne<ServerEntity>().WithMany().HasForeignKey(v => v.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
