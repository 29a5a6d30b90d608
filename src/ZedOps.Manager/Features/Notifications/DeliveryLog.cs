using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Features.Notifications;

public static class DeliveryStatuses
{
    public const string Pending = "pending";
    public const string Retrying = "retrying";
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string Dropped = "dropped";
}

/// <summary>Where each delivery's fate is written (the database; a list in unit tests).</summary>
public interface IDeliveryLog
{
    Task<long> StartAsync(ChannelTarget channel, NotificationMessage message, CancellationToken ct);

    Task RecordAsync(long id, string status, int attempts, string? error, CancellationToken ct);
}

/// <summary>The database side of notifications: the delivery log, and channels with their secrets for the dispatcher.</summary>
internal sealed class DeliveryLog(IDbContextFactory<ZedOpsDbContext> dbFactory, NotificationSecrets secrets, TimeProvider time) : IDeliveryLog
{
    private const int Keep = 2000;
    private int _writes;

    public async Task<long> StartAsync(ChannelTarget channel, NotificationMessage message, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var row = new NotificationDeliveryEntity
        {
            ChannelId = channel.Id, EventType = message.Event.Type, Title = Cut(message.Title, 512), ServerId = message.Event.ServerId,
            AgentId = message.Event.AgentId, Count = message.Count, Status = DeliveryStatuses.Pending, At = now, UpdatedAt = now,
        };
        db.NotificationDeliveries.Add(row);
        await db.SaveChangesAsync(ct);
        if (Interlocked.Increment(ref _writes) % 100 == 0)
        {
            await PruneAsync(db, ct);
        }
        return row.Id;
    }

    public async Task RecordAsync(long id, string status, int attempts, string? error, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var lastError = error is null ? null : Cut(error, 2048);
        await db.NotificationDeliveries.Where(d => d.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Status, status).SetProperty(d => d.Attempts, attempts)
            .SetProperty(d => d.LastError, d => lastError ?? d.LastError).SetProperty(d => d.UpdatedAt, now), ct);
    }

    /// <summary>Enabled channels with their secrets, and the names of the event's server and agent for the message.</summary>
    public async Task<(IReadOnlyList<(NotificationChannelEntity Row, ChannelTarget Target)> Channels, string? Server, string? Agent)> LoadAsync(
        NotificationEvent e, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.NotificationChannels.AsNoTracking().Where(c => c.Enabled).ToListAsync(ct);
        var server = e.ServerId is { } sid ? await db.Servers.Where(s => s.Id == sid).Select(s => s.Name).FirstOrDefaultAsync(ct) : null;
        var agent = e.AgentId is { } aid ? await db.Agents.Where(a => a.Id == aid).Select(a => a.Name).FirstOrDefaultAsync(ct) : null;
        return ([.. rows.Select(r => (r, TargetOf(r)))], server, agent);
    }

    public async Task<ChannelTarget?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.NotificationChannels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        return row is null ? null : TargetOf(row);
    }

    internal ChannelTarget TargetOf(NotificationChannelEntity c)
    {
        var s = secrets.Unprotect(c.ProtectedSecrets);
        return new ChannelTarget(c.Id, c.Name, c.Kind, s.Url, s.SigningSecret, c.Kind == ChannelKinds.Email
            ? new SmtpSettings(c.SmtpHost!, c.SmtpPort ?? 587, c.SmtpSecurity ?? SmtpSecurityModes.StartTls, c.SmtpUser, s.SmtpPassword, c.MailFrom!, c.MailTo!)
            : null);
    }

    private static async Task PruneAsync(ZedOpsDbContext db, CancellationToken ct)
    {
        var cutoff = await db.NotificationDeliveries.OrderByDescending(d => d.Id).Skip(Keep).Select(d => (long?)d.Id).FirstOrDefaultAsync(ct);
        if (cutoff is { } id)
        {
            await db.NotificationDeliveries.Where(d => d.Id <= id).ExecuteDeleteAsync(ct);
        }
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
