using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Invitations;

public sealed record InviteRequest(string? Email, string? Role, string? ScopeType, Guid? ScopeId);

public sealed record InvitationIssued(Guid Id, string Token, string Link, DateTimeOffset ExpiresAt);

public sealed record InvitationView(Guid Id, string Email, string Role, string? ScopeType, Guid? ScopeId, DateTimeOffset ExpiresAt, DateTimeOffset? AcceptedAt);

public sealed record AcceptInvitationRequest(string? Token, string? Username, string? Password);

/// <summary>Invitations by email with a role and scope: a single-use link valid 48 h; accepting sets the password.
/// ZedOps sends no mail itself: the admin passes the link on.</summary>
public sealed class Invitations(ZedOpsDbContext db, UserManager<ZedOpsUser> users, AuditLog audit, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(48);

    public async Task<InvitationIssued> InviteAsync(InviteRequest request, string baseUrl, AuditActor actor, CancellationToken ct)
    {
        var email = request.Email?.Trim() ?? "";
        if (email.Length is < 3 or > 256 || !email.Contains('@', StringComparison.Ordinal))
        {
            throw new InvitationException(400, "Invalid email", "Give the email address of the person to invite.");
        }
        var role = request.Role ?? RoleCapabilities.Viewer;
        var isAdmin = role == Roles.Admin;
        if (!isAdmin && !RoleCapabilities.IsAssignable(role))
        {
            throw new InvitationException(400, "Invalid role", "role must be admin, operator or viewer.");
        }
        var scopeType = isAdmin ? null : request.ScopeType ?? ScopeTypes.Global;
        if (scopeType is not null && (!ScopeTypes.All.Contains(scopeType) || (scopeType == ScopeTypes.Global) != (request.ScopeId is null)
            || (scopeType == ScopeTypes.Agent && !await db.Agents.AnyAsync(a => a.Id == request.ScopeId && a.RevokedAt == null, ct))
            || (scopeType == ScopeTypes.Server && !await db.Servers.AnyAsync(s => s.Id == request.ScopeId, ct))))
        {
            throw new InvitationException(400, "Invalid scope", "scopeType is global (no scopeId), agent or server (with the id of an existing one).");
        }
        var token = Secrets.NewToken(Secrets.InvitationPrefix);
        var now = time.GetUtcNow();
        var row = new InvitationEntity
        {
            Id = Guid.NewGuid(), TokenHash = Secrets.Hash(token), Email = email, Role = role, ScopeType = scopeType, ScopeId = request.ScopeId,
            CreatedByUserId = actor.UserId, CreatedAt = now, ExpiresAt = now + Lifetime,
        };
        db.Invitations.Add(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "invitation.create", $"invitation:{email}", details: $"{role}@{scopeType ?? "all"}", ct: ct);
        return new InvitationIssued(row.Id, token, $"{baseUrl.TrimEnd('/')}/invite?token={token}", row.ExpiresAt);
    }

    public async Task<List<InvitationView>> ListAsync(CancellationToken ct) =>
        [.. (await db.Invitations.AsNoTracking().ToListAsync(ct)).OrderByDescending(i => i.CreatedAt)
            .Select(i => new InvitationView(i.Id, i.Email, i.Role, i.ScopeType, i.ScopeId, i.ExpiresAt, i.AcceptedAt))];

    public async Task<bool> RevokeAsync(Guid id, AuditActor actor, CancellationToken ct)
    {
        var deleted = await db.Invitations.Where(i => i.Id == id && i.AcceptedAt == null).ExecuteDeleteAsync(ct);
        if (deleted > 0)
        {
            await audit.WriteAsync(actor, "invitation.revoke", $"invitation:{id}", ct: ct);
        }
        return deleted > 0;
    }

    /// <summary>Creates the account and its grant, once. Throws <see cref="InvitationException"/> saying what is wrong.</summary>
    public async Task<ZedOpsUser> AcceptAsync(AcceptInvitationRequest request, AuditActor actor, CancellationToken ct)
    {
        var hash = Secrets.Hash(request.Token ?? "");
        var invitation = await db.Invitations.AsNoTracking().FirstOrDefaultAsync(i => i.TokenHash == hash, ct)
            ?? throw new InvitationException(401, "Unknown invitation", "This invitation link is not valid; ask an admin for a new one.");
        if (invitation.AcceptedAt is not null)
        {
            throw new InvitationException(401, "Invitation used", "This invitation was already used; each link creates one account.");
        }
        if (invitation.ExpiresAt <= time.GetUtcNow())
        {
            throw new InvitationException(401, "Invitation expired", "This invitation has expired (links last 48 hours); ask an admin for a new one.");
        }
        var name = request.Username?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 64 || string.IsNullOrEmpty(request.Password))
        {
            throw new InvitationException(400, "Missing fields", "Choose a username (1–64 characters) and a password (8+ characters).");
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Invitations.Where(i => i.Id == invitation.Id && i.AcceptedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, time.GetUtcNow()), ct);
        if (claimed != 1)
        {
            throw new InvitationException(401, "Invitation used", "This invitation was already used; each link creates one account.");
        }
        var user = new ZedOpsUser { UserName = name, Email = invitation.Email, CreatedAt = time.GetUtcNow(), LockoutEnabled = true };
        var created = await users.CreateAsync(user, request.Password);
        if (!created.Succeeded)
        {
            throw new InvitationException(400, "Cannot create the account", string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        if (invitation.Role == Roles.Admin)
        {
            await users.AddToRoleAsync(user, Roles.Admin);
        }
        else
        {
            db.RoleAssignments.Add(new RoleAssignmentEntity
            {
                Id = Guid.NewGuid(), UserId = user.Id, Role = invitation.Role, ScopeType = invitation.ScopeType!, ScopeId = invitation.ScopeId, CreatedAt = time.GetUtcNow(),
            });
        }
        await db.Invitations.Where(i => i.Id == invitation.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedUserId, user.Id), ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await audit.WriteAsync(actor with { UserId = user.Id, Name = name }, "invitation.accept", $"invitation:{invitation.Email}", ct: ct);
        return user;
    }
}

public sealed class InvitationException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
}
