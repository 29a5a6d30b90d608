using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Notifications;

/// <summary>The admin's channels: stored with encrypted secrets, shown without them, every change audited (settings
/// and which secrets were replaced, never their values); the delivery log; "send test".</summary>
public sealed class NotificationChannels(ZedOpsDbContext db, NotificationSecrets secrets, AuditLog audit, TimeProvider time, IServiceProvider services)
{
    public async Task<IReadOnlyList<NotificationChannelView>> ListAsync(CancellationToken ct) =>
        [.. (await db.NotificationChannels.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct)).Select(ToView)];

    public async Task<NotificationChannelView> GetAsync(Guid id, CancellationToken ct) => ToView(await FindAsync(id, ct));

    public async Task<NotificationChannelView> CreateAsync(NotificationChannelRequest request, AuditActor actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var row = new NotificationChannelEntity { Id = Guid.NewGuid(), Name = "", Kind = "", ProtectedSecrets = "", CreatedAt = now, UpdatedAt = now };
        var values = ChannelValidation.Apply(request, row, new ChannelSecretValues(null, null, null));
        await CheckAsync(row, ct);
        row.ProtectedSecrets = secrets.Protect(values);
        db.NotificationChannels.Add(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "notification-channel.create", $"notification-channel:{row.Name}", true, Describe(row), ct);
        return ToView(row);
    }

    public async Task<NotificationChannelView> UpdateAsync(Guid id, NotificationChannelRequest request, AuditActor actor, CancellationToken ct)
    {
        var row = await db.NotificationChannels.FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw NotFound(id);
        var before = Describe(row);
        var values = ChannelValidation.Apply(request, row, secrets.Unprotect(row.ProtectedSecrets));
        await CheckAsync(row, ct);
        row.ProtectedSecrets = secrets.Protect(values);
        row.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        var after = Describe(row);
        var replaced = new[] { ("url", request.Url), ("signing secret", request.SigningSecret), ("smtp password", request.Smtp?.Password) }
            .Where(p => p.Item2 is not null).Select(p => p.Item1).ToList();
        await audit.WriteAsync(actor, "notification-channel.update", $"notification-channel:{row.Name}", true,
            $"{(before == after ? "settings unchanged" : $"{before} → {after}")}; secrets replaced: {(replaced.Count == 0 ? "none" : string.Join(", ", replaced))}", ct);
        return ToView(row);
    }

    public async Task DeleteAsync(Guid id, AuditActor actor, CancellationToken ct)
    {
        var row = await FindAsync(id, ct);
        db.NotificationChannels.Remove(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "notification-channel.delete", $"notification-channel:{row.Name}", true, Describe(row), ct);
    }

    /// <summary>Sends a test message now (one attempt, outside de-duplication and rate limits) and says what happened.</summary>
    public async Task<NotificationTestResult> TestAsync(Guid id, AuditActor actor, CancellationToken ct)
    {
        var row = await FindAsync(id, ct);
        var log = services.GetRequiredService<DeliveryLog>();
        var message = new NotificationMessage(new NotificationEvent(NotificationEventTypes.Test, null, null,
            "ZedOps test notification", $"Sent by {actor.Name} from the Notifications page. If you can read this, channel '{row.Name}' works.", time.GetUtcNow()));
        var result = await services.GetRequiredService<ChannelWorkers>().SendNowAsync(log.TargetOf(row), message, ct);
        await audit.WriteAsync(actor, "notification-channel.test", $"notification-channel:{row.Name}", result.Succeeded, result.Error, ct);
        return new NotificationTestResult(result.Succeeded, result.Succeeded ? "delivered" : result.Error ?? "failed");
    }

    public async Task<IReadOnlyList<NotificationDeliveryView>> DeliveriesAsync(Guid? channelId, int take, CancellationToken ct)
    {
        var names = await db.NotificationChannels.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var rows = await db.NotificationDeliveries.AsNoTracking().Where(d => channelId == null || d.ChannelId == channelId)
            .OrderByDescending(d => d.Id).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
        return [.. rows.Select(d => new NotificationDeliveryView(d.Id, d.ChannelId, names.GetValueOrDefault(d.ChannelId, "?"), d.EventType, d.Title, d.Count,
            d.Status, d.Attempts, d.LastError, d.At, d.UpdatedAt))];
    }

    private async Task CheckAsync(NotificationChannelEntity row, CancellationToken ct)
    {
        if (await db.NotificationChannels.AnyAsync(c => c.Name == row.Name && c.Id != row.Id, ct))
        {
            throw ServerCommandException.Conflict($"A notification channel named '{row.Name}' already exists.");
        }
        var ids = row.ServerIds.Concat(row.PlayerServerIds).Distinct().ToList();
        var known = await db.Servers.Where(s => ids.Contains(s.Id) && s.Status != ServerStatuses.Deleted).Select(s => s.Id).ToListAsync(ct);
        if (ids.Except(known).ToList() is { Count: > 0 } unknown)
        {
            throw ServerCommandException.Invalid("Invalid notification channel", $"No such server: {string.Join(", ", unknown)}.");
        }
    }

    private NotificationChannelView ToView(NotificationChannelEntity c)
    {
        var s = secrets.Unprotect(c.ProtectedSecrets);
        return new NotificationChannelView(c.Id, c.Name, c.Kind, c.Enabled, c.Events, c.AllServers, c.ServerIds, c.PlayerServerIds,
            string.IsNullOrEmpty(s.Url) ? SecretStates.NotSet : $"{SecretStates.Set} ({c.UrlHint})", SecretStates.Of(s.SigningSecret),
            c.Kind == ChannelKinds.Email
                ? new SmtpChannelView(c.SmtpHost!, c.SmtpPort ?? 587, c.SmtpSecurity!, c.SmtpUser, SecretStates.Of(s.SmtpPassword), c.MailFrom!, c.MailTo!)
                : null,
            c.CreatedAt, c.UpdatedAt);
    }

    private async Task<NotificationChannelEntity> FindAsync(Guid id, CancellationToken ct) =>
        await db.NotificationChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct) ?? throw NotFound(id);

    private static ServerCommandException NotFound(Guid id) => new(404, "Notification channel not found", $"No notification channel with id {id}.");

    private static string Describe(NotificationChannelEntity c) =>
        $"{c.Kind} {(c.Enabled ? "enabled" : "disabled")}"
        + (c.Kind == ChannelKinds.Email ? $" smtp {c.SmtpUser}@{c.SmtpHost}:{c.SmtpPort} {c.SmtpSecurity} from {c.MailFrom} to {c.MailTo}" : $" url host {c.UrlHint}")
        + $", events {string.Join(",", c.Events)}"
        + (c.AllServers ? ", all servers" : $", servers {string.Join(",", c.ServerIds)}")
        + (c.PlayerServerIds.Count > 0 ? $", player events for {string.Join(",", c.PlayerServerIds)}" : "");
}

public static class SecretStates
{
    public const string Set = "set";
    public const string NotSet = "not set";

    public static string Of(string? value) => string.IsNullOrEmpty(value) ? NotSet : Set;
}
