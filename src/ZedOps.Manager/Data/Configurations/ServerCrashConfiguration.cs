using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Data.Configurations;

internal sealed class ServerCrashConfiguration : IEntityTypeConfiguration<ServerCrashEntity>
{
    public void Configure(EntityTypeBuilder<ServerCrashEntity> builder)
    {
        builder.ToTable("server_crashes");
        builder.Property(c => c.Outcome).HasMaxLength(32);
        builder.HasIndex(c => new { c.ServerId, c.At });
        builder.HasOne<ServerEntity>().WithMany().HasForeignKey(c => c.ServerId).OnDelete(DeleteBehavior.Cascade);
    }
}
