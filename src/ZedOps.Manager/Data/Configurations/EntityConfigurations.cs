using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Data.Configurations;

internal sealed class AgentConfiguration : IEntityTypeConfiguration<AgentEntity>
{
    public void Configure(EntityTypeBuilder<AgentEntity> builder)
    {
        builder.ToTable("agents");
        builder.Property(a => a.Name).HasMaxLength(32);
        // A revoked agent keeps its row (audit, "was revoked" checks) but frees its name.
        builder.HasIndex(a => a.Name).IsUnique().HasFilter("\"RevokedAt\" IS NULL");
        builder.Property(a => a.TokenHash).HasMaxLength(64);
        builder.HasIndex(a => a.TokenHash).IsUnique();
        builder.Property(a => a.Hostname).HasMaxLength(255);
        builder.Property(a => a.Os).HasMaxLength(255);
        builder.Property(a => a.AgentVersion).HasMaxLength(64);
        builder.Property(a => a.DockerVersion).HasMaxLength(64);
    }
}

internal sealed class RegistrationTokenConfiguration : IEntityTypeConfiguration<RegistrationTokenEntity>
{
    public void Configure(EntityTypeBuilder<RegistrationTokenEntity> builder)
    {
        builder.ToTable("registration_tokens");
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.Property(t => t.Name).HasMaxLength(32);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiTokenEntity>
{
    public void Configure(EntityTypeBuilder<ApiTokenEntity> builder)
    {
        builder.ToTable("api_tokens");
        builder.Property(t => t.Name).HasMaxLength(100);
        builder.Property(t => t.TokenHash).HasMaxLength(64);
        builder.HasIndex(t => t.TokenHash).IsUnique();
        builder.Property(t => t.SecurityStamp).HasMaxLength(256);
        builder.HasIndex(t => t.UserId);
        builder.HasOne<ZedOpsUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEventEntity>
{
    public void Configure(EntityTypeBuilder<AuditEventEntity> builder)
    {
        builder.ToTable("audit_events");
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.Target).HasMaxLength(256);
        builder.Property(e => e.Details).HasMaxLength(4000);
        builder.Property(e => e.RemoteIp).HasMaxLength(64);
        builder.Property(e => e.UserAgent).HasMaxLength(512);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => e.Action);
    }
}

internal sealed class ServerConfiguration : IEntityTypeConfiguration<ServerEntity>
{
    public void Configure(EntityTypeBuilder<ServerEntity> builder)
    {
        builder.ToTable("servers");
        builder.Property(s => s.Name).HasMaxLength(32);
        builder.HasIndex(s => new { s.AgentId, s.Name }).IsUnique();
        builder.Property(s => s.ProfileId).HasMaxLength(64);
        builder.Property(s => s.Image).HasMaxLength(255);
        builder.Property(s => s.Tag).HasMaxLength(128);
        builder.Property(s => s.DataPath).HasMaxLength(1024);
        builder.Property(s => s.ConfigJson).HasMaxLength(16_000);
        builder.Property(s => s.ProtectedSecrets).HasMaxLength(4_000);
        builder.Property(s => s.Status).HasMaxLength(16);
        builder.Property(s => s.ContainerId).HasMaxLength(128);
        builder.Property(s => s.LastError).HasMaxLength(2_000);
        builder.HasOne<AgentEntity>().WithMany().HasForeignKey(s => s.AgentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class RoleAssignmentConfiguration : IEntityTypeConfiguration<RoleAssignmentEntity>
{
    public void Configure(EntityTypeBuilder<RoleAssignmentEntity> builder)
    {
        builder.ToTable("role_assignments");
        builder.Property(r => r.Role).HasMaxLength(16);
        builder.Property(r => r.ScopeType).HasMaxLength(16);
        builder.HasIndex(r => new { r.UserId, r.Role, r.ScopeType, r.ScopeId }).IsUnique();
        builder.HasOne<ZedOpsUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<InvitationEntity>
{
    public void Configure(EntityTypeBuilder<InvitationEntity> builder)
    {
        builder.ToTable("invitations");
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.Property(i => i.Email).HasMaxLength(256);
        builder.Property(i => i.Role).HasMaxLength(16);
        builder.Property(i => i.ScopeType).HasMaxLength(16);
    }
}
