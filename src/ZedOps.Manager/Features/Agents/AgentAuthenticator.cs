using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Agents;

/// <summary>Checks an agent's bearer token against the stored SHA-256 hashes (revoked agents never match).</summary>
internal sealed class AgentAuthenticator(IDbContextFactory<ZedOpsDbContext> dbFactory)
{
    public async Task<(Guid Id, string Name)?> AuthenticateAsync(string authorizationHeader, CancellationToken ct)
    {
        if (!authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var token = authorizationHeader["Bearer ".Length..].Trim();
        if (!token.StartsWith(Secrets.AgentPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var hash = Secrets.Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.Agents.AsNoTracking()
            .Where(a => a.TokenHash == hash && a.RevokedAt == null)
            .Select(a => new { a.Id, a.Name })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : (row.Id, row.Name);
    }
}
