using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Data.Configurations;

internal sealed class FleetLeaseConfiguration : IEntityTypeConfiguration<FleetLeaseEntity>
{
    public void Configure(EntityTypeBuilder<FleetLeaseEntity> builder)
    {
        builder.ToTable("fleet_leases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.Property(l => l.Holder).HasMaxLength(100);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKeyEntity>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyEntity> builder)
    {
        builder.ToTable("data_protection_keys");
        builder.Property(k => k.FriendlyName).HasMaxLength(200);
    }
}

internal sealed class SharedSecretConfiguration : IEntityTypeConfiguration<SharedSecretEntity>
{
    public void Configure(EntityTypeBuilder<SharedSecretEntity> builder)
    {
        builder.ToTable("shared_secrets");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(100);
    }
}
