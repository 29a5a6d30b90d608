using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Hosting;
using ZedOps.Protocol;

namespace ZedOps.Manager.Features.Agents;

public sealed record RegistrationTokenIssued(Guid Id, string Token, DateTimeOffset ExpiresAt);

/// <summary><see cref="SigningKey"/>: the manager's agent-build key (SubjectPublicKeyInfo, base64) the agent pins.</summary>
public sealed record AgentRegistered(Guid AgentId, string AgentName, string AgentToken, string SigningKey);

public enum RegistrationFailure
{
    None,
    UnknownToken,
    TokenUsed,
    TokenExpired,
    InvalidName,
    NameTaken,
}

/// <summary>Single-use registration tokens in, agent identities out. Only hashes of either secret are stored.</summary>
public sealed class AgentRegistrations(
    ZedOpsDbContext db, AuditLog audit, AgentRegistry registry, TimeProvider time, IOptions<ManagerOptions> options, AgentDownloads.AgentSigningKey signingKey)
{
    public async Task<RegistrationTokenIssued> IssueTokenAsync(string? suggestedName, AuditActor actor, CancellationToken ct)
    {
        var token = Secrets.NewToken(Secrets.RegistrationPrefix);
        var now = time.GetUtcNow();
        var row = new RegistrationTokenEntity
        {
            Id = Guid.NewGuid(),
            TokenHash = Secrets.Hash(token),
            Name = suggestedName,
            CreatedByUserId = actor.UserId ?? Guid.Empty,
            CreatedAt = now,
            ExpiresAt = now + options.Value.RegistrationTokenLifetime,
        };
        db.RegistrationTokens.Add(row);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, AuditActions.RegistrationTokenCreated, suggestedName is null ? null : $"agent:{suggestedName}", details: $"expires={row.ExpiresAt:O}", ct: ct);
        return new RegistrationTokenIssued(row.Id, token, row.ExpiresAt);
    }

    public async Task<(AgentRegistered? Agent, RegistrationFailure Failure)> RegisterAsync(string token, string name, AuditActor actor, CancellationToken ct)
    {
        var failure = await CheckAsync(token, name, ct);
        if (failure == RegistrationFailure.None)
        {
            var agent = await ClaimAsync(token, name, ct);
            if (agent is not null)
            {
                await audit.WriteAsync(actor, AuditActions.AgentRegistered, $"agent:{name}", details: $"id={agent.AgentId}", ct: ct);
                return (agent, RegistrationFailure.None);
            }
            failure = RegistrationFailure.TokenUsed; // lost a race with a concurrent registration of the same token
        }
        await audit.WriteAsync(actor, AuditActions.AgentRegistrationRefused, $"agent:{name}", succeeded: false, details: failure.ToString(), ct: ct);
        return (null, failure);
    }

    private async Task<RegistrationFailure> CheckAsync(string token, string name, CancellationToken ct)
    {
        var hash = Secrets.Hash(token);
        var row = await db.RegistrationTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (row is null)
        {
            return RegistrationFailure.UnknownToken;
        }
        if (row.UsedAt is not null)
        {
            return RegistrationFailure.TokenUsed;
        }
        if (row.ExpiresAt <= time.GetUtcNow())
        {
            return RegistrationFailure.TokenExpired;
        }
        if (!AgentNames.IsValid(name))
        {
            return RegistrationFailure.InvalidName;
        }
        return await db.Agents.AnyAsync(a => a.Name == name && a.RevokedAt == null, ct) ? RegistrationFailure.NameTaken : RegistrationFailure.None;
    }

    private async Task<AgentRegistered?> ClaimAsync(string token, string name, CancellationToken ct)
    {
        var hash = Secrets.Hash(token);
        var agentToken = Secrets.NewToken(Secrets.AgentPrefix);
        var now = time.GetUtcNow();
        var agent = new AgentEntity { Id = Guid.NewGuid(), Name = name, TokenHash = Secrets.Hash(agentToken), CreatedAt = now };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The conditional update is the single-use guarantee: of two concurrent claims, one updates a row.
        var claimed = await db.RegistrationTokens
            .Where(t => t.TokenHash == hash && t.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now).SetProperty(t => t.UsedByAgentId, agent.Id), ct);
        if (claimed != 1)
        {
            return null;
        }
        db.Agents.Add(agent);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return null; // unique name taken concurrently; the transaction rolls back and the token stays unused
        }
        await tx.CommitAsync(ct);
        return new AgentRegistered(agent.Id, name, agentToken, signingKey.PublicKey);
    }

    /// <summary>Marks the agent revoked (its token stops working) and closes its socket at once. False when unknown.</summary>
    public async Task<bool> RevokeAsync(Guid agentId, AuditActor actor, CancellationToken ct)
    {
        var row = await db.Agents.FirstOrDefaultAsync(a => a.Id == agentId && a.RevokedAt == null, ct);
        if (row is null)
        {
            return false;
        }
        row.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        registry.Revoke(agentId);
        await audit.WriteAsync(actor, AuditActions.AgentRevoked, $"agent:{row.Name}", details: $"id={agentId}", ct: ct);
        return true;
    }

    public static string Describe(RegistrationFailure failure) => failure switch
    {
        RegistrationFailure.UnknownToken => "This registration token is unknown. Create a new one in the UI (Agents → Add agent).",
        RegistrationFailure.TokenUsed => "This registration token was already used; each token registers one agent. Create a new one.",
        RegistrationFailure.TokenExpired => "This registration token has expired (tokens last 1 hour). Create a new one.",
        RegistrationFailure.InvalidName => $"The agent name is invalid: {AgentNames.Rule}.",
        RegistrationFailure.NameTaken => "An agent with this name already exists; pick another name with --name.",
        _ => "Registration refused.",
    };
}
