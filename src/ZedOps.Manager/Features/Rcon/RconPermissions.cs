using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Rcon;

/// <summary>
/// RCON, player actions, broadcasts and warned restarts need the operator role on the server (admins have it
/// everywhere); reading the player list needs viewer. The endpoints use <see cref="ResourceAccessFilters"/>; circuit
/// actions call <see cref="EnsureControlAsync"/> before each command, so a hidden button is never the only guard.
/// </summary>
public static class RconPermissions
{
    public static async Task<bool> CanControlAsync(IServiceScopeFactory scopes, ClaimsPrincipal user, Guid serverId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var agentId = await db.Servers.AsNoTracking().Where(s => s.Id == serverId).Select(s => (Guid?)s.AgentId).FirstOrDefaultAsync();
        return agentId is not null && await scope.ServiceProvider.GetRequiredService<AccessControl>().CanAsync(user, Capability.Control, agentId, serverId);
    }

    public static async Task EnsureControlAsync(IServiceScopeFactory scopes, ClaimsPrincipal user, Guid serverId)
    {
        if (!await CanControlAsync(scopes, user, serverId))
        {
            throw new ServerCommandException(403, "Not allowed", "RCON and player actions need the operator role on this server; ask an admin.");
        }
    }
}
