using System.Security.Claims;
using ZedOps.Manager.Features.Auth;

namespace ZedOps.Manager.Features.Rcon;

/// <summary>
/// Who may use RCON and the player actions, and who may read the player list, in one place: the endpoints use the
/// policies, the pages use the predicates. Today the role model is admin vs any user; issue 6 (operator/viewer per
/// scope) swaps these for server-scoped checks without touching the callers.
/// </summary>
public static class RconPermissions
{
    /// <summary>RCON console, kick/ban/whitelist/access level, broadcasts and warned restarts.</summary>
    public const string ControlPolicy = Policies.Admin;

    public static bool CanControl(ClaimsPrincipal user, Guid serverId) => user.IsInRole(Roles.Admin);

    /// <summary>Any signed-in user may see who is online and the session history.</summary>
    public static bool CanViewPlayers(ClaimsPrincipal user, Guid serverId) => user.Identity?.IsAuthenticated == true;
}
