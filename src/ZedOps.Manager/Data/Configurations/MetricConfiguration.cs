using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Data.Configurations;

// No foreign keys: samples may arrive for a server purged a moment ago, and pruning removes every row within 90 days.
internal sealed class ServerMetricConfiguration : IEntityTypeConfiguration<ServerMetricEntity>
{
    public void Configure(EntityTypeBuilder<ServerMetricEntity> builder)
    {
        builder.ToTable("server_metrics");
        builder.HasKey(m => new { m.ServerId, m.Resolution, m.At });
        builder.HasIndex(m => new { m.Resolution, m.At });
    }
}

internal sealed class HostMetricConfiguration : IEntityTypeConfiguration<HostMetricEntity>
{
    public void Configure(EntityTypeBuilder<HostMetricEntity> builder)
    {
        builder.ToTable("host_metrics");
        builder.HasKey(m => new { m.AgentId, m.Resolution, m.At });
        builder.HasIndex(m => new { m.Resolution, m.At });
    }
}
