using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Tokens;

/// <summary>Personal API tokens: the secret is returned once at creation; only its hash is kept.</summary>
public sealed class ApiTokens(ZedOpsDbContext db, AuditLog audit, TimeProvider time)
{
    /// <summary>Throws <see cref="ArgumentException"/> with a message for the user on bad input.</summary>
    public async Task<CreatedToken> CreateAsync(Guid userId, string name, DateTimeOffset? expiresAt, AuditActor actor, CancellationToken ct)
    {
        name = name.Trim();
        if (name.Length is 0 or > 100)
        {
            throw new ArgumentException("Give the token a name of 1–100 characters, e.g. 'backup script'.");
        }
        var now = time.GetUtcNow();
        if (expiresAt is { } expires && expires <= now)
        {
            throw new ArgumentException("expiresAt must be in the future (or omitted for no expiry).");
        }
        var token = Secrets.NewToken(Secrets.ApiTokenPrefix);
        var row = new ApiTokenEntity { Id = Guid.NewGuid(), UserId = userId, Name = name, TokenHash = Secrets.Hash(token), CreatedAt = now, ExpiresAt = expiresAt };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, AuditActions.ApiTokenCreated, $"token:{row.Id}", details: $"name={name}", ct: ct);
        return new CreatedToken(row.Id, name, token, now, row.ExpiresAt);
    }

    public async Task<List<TokenView>> ListAsync(Guid userId, CancellationToken ct)
    {
        var rows = await db.ApiTokens.Where(t => t.UserId == userId)
            .Select(t => new TokenView(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt)).ToListAsync(ct);
        return [.. rows.OrderByDescending(t => t.CreatedAt)];
    }

    public async Task<bool> DeleteAsync(Guid userId, Guid id, AuditActor actor, CancellationToken ct)
    {
        var deleted = await db.ApiTokens.Where(t => t.Id == id && t.UserId == userId).ExecuteDeleteAsync(ct);
        if (deleted > 0)
        {
            await audit.WriteAsync(actor, AuditActions.ApiTokenRevoked, $"token:{id}", ct: ct);
        }
        return deleted > 0;
    }
}
