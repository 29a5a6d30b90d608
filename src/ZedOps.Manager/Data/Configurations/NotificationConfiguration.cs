using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Data.Configurations;

internal sealed class NotificationChannelConfiguration : IEntityTypeConfiguration<NotificationChannelEntity>
{
    public void Configure(EntityTypeBuilder<NotificationChannelEntity> builder)
    {
        builder.ToTable("notification_channels");
        builder.Property(c => c.Name).HasMaxLength(64);
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.Kind).HasMaxLength(16);
        builder.Property(c => c.UrlHint).HasMaxLength(64);
        builder.Property(c => c.SmtpHost).HasMaxLength(255);
        builder.Property(c => c.SmtpSecurity).HasMaxLength(16);
        builder.Property(c => c.SmtpUser).HasMaxLength(255);
        builder.Property(c => c.MailFrom).HasMaxLength(320);
        builder.Property(c => c.MailTo).HasMaxLength(2048);
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDeliveryEntity>
{
    public void Configure(EntityTypeBuilder<NotificationDeliveryEntity> builder)
    {
        builder.ToTable("notification_deliveries");
        builder.Property(d => d.EventType).HasMaxLength(32);
        builder.Property(d => d.Title).HasMaxLength(512);
        builder.Property(d => d.Status).HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(2048);
        builder.HasIndex(d => new { d.ChannelId, d.At });
        builder.HasIndex(d => d.At);
        builder.HasOne<NotificationChannelEntity>().WithMany().HasForeignKey(d => d.ChannelId).OnDelete(DeleteBehavior.Cascade);
    }
}
