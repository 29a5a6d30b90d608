using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Data.Configurations;

internal sealed class PlayerSessionConfiguration : IEntityTypeConfiguration<PlayerSessionEntity>
{
    public void Configure(EntityTypeBuilder<PlayerSessionEntity> builder)
    {
        builder.ToTable("player_sessions");
        builder.Property(p => p.Player).HasMaxLength(128);
        builder.HasIndex(p => new { p.ServerId, p.JoinedAt });
        builder.HasIndex(p => new { p.ServerId, p.LeftAt });
        builder.HasOne<ServerEntity>().WithMany().HasForeignKey(p => p.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
