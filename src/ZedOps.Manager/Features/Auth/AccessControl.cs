using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;

namespace ZedOps.Manager.Features.Auth;

/// <summary>Answers "may this user do that to this server/agent?" from the capability table and the user's grants.
/// A user's grants come from <see cref="AuthCache"/>, which the grant and revoke handlers (and any change to the user) evict
/// before they answer, so a revoked grant still takes effect on the next request.</summary>
public sealed class AccessControl(IDbContextFactory<ZedOpsDbContext> dbFactory, AuthCache cache)
{
    public async Task<bool> CanAsync(ClaimsPrincipal user, Capability capability, Guid? agentId, Guid? serverId, CancellationToken ct = default)
    {
        if (AdminRights.Has(user))
        {
            return true;
        }
        if (capability == Capability.Manage || UserId(user) is not { } userId)
        {
            return false;
        }
        var grants = await GrantsAsync(userId, ct);
        return grants.Any(g => RoleCapabilities.Table.TryGetValue(g.Role, out var caps) && caps.Contains(capability) && g.ScopeType switch
        {
            ScopeTypes.Global => true,
            ScopeTypes.Agent => agentId is not null && g.ScopeId == agentId,
            ScopeTypes.Server => serverId is not null && g.ScopeId == serverId,
            _ => false,
        });
    }

    /// <summary>The servers (by id) and agents a user may view; null means everything (admin or a global grant).</summary>
    public async Task<(HashSet<Guid> Agents, HashSet<Guid> Servers)?> VisibleAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (AdminRights.Has(user))
        {
            return null;
        }
        if (UserId(user) is not { } userId)
        {
            return ([], []);
        }
        var grants = await GrantsAsync(userId, ct);
        if (grants.Any(g => g.ScopeType == ScopeTypes.Global))
        {
            return null;
        }
        var agents = grants.Where(g => g.ScopeType == ScopeTypes.Agent && g.ScopeId is not null).Select(g => g.ScopeId!.Value).ToHashSet();
        var servers = grants.Where(g => g.ScopeType == ScopeTypes.Server && g.ScopeId is not null).Select(g => g.ScopeId!.Value).ToHashSet();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var serverAgents = await db.Servers.AsNoTracking().Where(s => servers.Contains(s.Id) || agents.Contains(s.AgentId))
            .Select(s => new { s.Id, s.AgentId }).ToListAsync(ct);
        servers.UnionWith(serverAgents.Select(s => s.Id));
        agents.UnionWith(serverAgents.Select(s => s.AgentId));
        return (agents, servers);
    }

    private async Task<IReadOnlyList<AuthCache.Grant>> GrantsAsync(Guid userId, CancellationToken ct)
    {
        if (cache.Grants(userId) is { } cached)
        {
            return cached;
        }
        var generation = cache.UserGeneration(userId);
        await using var db = await dbFactory.CreateDbContextAsync(ct); // only on a miss: admins and cached grants need no context
        var grants = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == userId)
            .Select(r => new AuthCache.Grant(r.Role, r.ScopeType, r.ScopeId)).ToArrayAsync(ct);
        cache.StoreGrants(userId, generation, grants);
        return grants;
    }

    private static Guid? UserId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;
}
