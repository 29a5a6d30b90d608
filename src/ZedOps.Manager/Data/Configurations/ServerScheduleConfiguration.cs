using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Data.Configurations;

internal sealed class ServerScheduleConfiguration : IEntityTypeConfiguration<ServerScheduleEntity>
{
    public void Configure(EntityTypeBuilder<ServerScheduleEntity> builder)
    {
        builder.ToTable("server_schedules");
        builder.Property(s => s.Cron).HasMaxLength(128);
        builder.Property(s => s.TimeZone).HasMaxLength(64);
        builder.Property(s => s.Action).HasMaxLength(24);
        builder.Property(s => s.Argument).HasMaxLength(1024);
        builder.Property(s => s.WarningsJson).HasMaxLength(8192);
        builder.Property(s => s.FinalMessage).HasMaxLength(512);
        builder.Property(s => s.LastResult).HasMaxLength(16);
        builder.Property(s => s.LastMessage).HasMaxLength(2048);
        builder.Property(s => s.LeaseOwner).HasMaxLength(64);
        builder.HasIndex(s => s.ServerId);
        builder.HasIndex(s => s.NextRunAt);
        builder.HasOne<ServerEntity>().WithMany().HasForeignKey(s => s.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
