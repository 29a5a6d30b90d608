using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Tokens;

/// <summary>Personal API tokens: the secret is returned once at creation; only its hash is kept. Making one needs the
/// password (and a two-factor code where it is on), so a stolen session cannot mint itself a lasting credential; the
/// token is bound to the owner's security stamp and expires (by default after <see cref="ManagerOptions.ApiTokenLifetime"/>).</summary>
internal sealed class ApiTokens(
    ZedOpsDbContext db, UserManager<ZedOpsUser> users, AccountProof proof, AuditLog audit, IOptions<ManagerOptions> options, TimeProvider time, Auth.AuthCache cache, TokenUsage usage)
{
    /// <summary>Throws <see cref="ArgumentException"/> on bad input and <see cref="ProofFailedException"/> when the proof fails.</summary>
    public async Task<CreatedToken> CreateAsync(Guid userId, CreateTokenRequest request, AuditActor actor, CancellationToken ct)
    {
        var name = (request.Name ?? "").Trim();
        if (name.Length is 0 or > 100)
        {
            throw new ArgumentException("Give the token a name of 1–100 characters, e.g. 'backup script'.");
        }
        var now = time.GetUtcNow();
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            throw new ArgumentException($"expiresAt must be in the future (or omitted for the default lifetime of {options.Value.ApiTokenLifetime.TotalDays:0.##} days).");
        }
        var user = await users.FindByIdAsync(userId.ToString()) ?? throw new InvalidOperationException("signed-in user not found");
        await CheckProofAsync(user, request, actor.RemoteIp, ct);
        var token = Secrets.NewToken(Secrets.ApiTokenPrefix);
        var row = new ApiTokenEntity
        {
            Id = Guid.NewGuid(), UserId = userId, Name = name, TokenHash = Secrets.Hash(token), CreatedAt = now,
            ExpiresAt = request.ExpiresAt ?? now + options.Value.ApiTokenLifetime, SecurityStamp = await users.GetSecurityStampAsync(user),
        };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, AuditActions.ApiTokenCreated, $"token:{row.Id}", details: $"name={name}; expires={row.ExpiresAt:O}", ct: ct);
        return new CreatedToken(row.Id, name, token, now, row.ExpiresAt);
    }

    public async Task<List<TokenView>> ListAsync(Guid userId, CancellationToken ct)
    {
        var rows = await db.ApiTokens.Where(t => t.UserId == userId)
            .Select(t => new TokenView(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt)).ToListAsync(ct);
        return [.. rows.Select(t => usage.Pending(t.Id) is { } at ? t with { LastUsedAt = at } : t).OrderByDescending(t => t.CreatedAt)];
    }

    public async Task<bool> DeleteAsync(Guid userId, Guid id, AuditActor actor, CancellationToken ct)
    {
        var deleted = await db.ApiTokens.Where(t => t.Id == id && t.UserId == userId).ExecuteDeleteAsync(ct);
        cache.EvictToken(id); // after the delete: the next request with it reads the database and finds nothing
        if (deleted > 0)
        {
            await audit.WriteAsync(actor, AuditActions.ApiTokenRevoked, $"token:{id}", ct: ct);
        }
        return deleted > 0;
    }

    private async Task CheckProofAsync(ZedOpsUser user, CreateTokenRequest request, string? address, CancellationToken ct)
    {
        var twoFactor = await users.GetTwoFactorEnabledAsync(user);
        if (!twoFactor && options.Value.Login.RequireTwoFactorForAdmins && await users.IsInRoleAsync(user, Roles.Admin))
        {
            // A token acts with admin rights without a second factor (AdminRights); it must come from an account that has one.
            throw new ProofFailedException(ProofOutcome.Missing, "Admins need two-factor authentication here: turn it on before making an API token.");
        }
        var outcome = await proof.PasswordAndCodeAsync(user, request.CurrentPassword, request.TwoFactorCode, address, ct);
        if (outcome != ProofOutcome.Ok)
        {
            throw new ProofFailedException(outcome, twoFactor
                ? "Send 'currentPassword' and 'twoFactorCode' (from your authenticator app) to make a token."
                : "Send 'currentPassword' to make a token.");
        }
    }
}
