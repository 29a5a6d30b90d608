using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Protocol;

namespace ZedOps.Manager.Features.Players;

/// <summary>
/// B42's <c>banuser</c> answers <c>System banned user &lt;name&gt;</c> whether or not the account exists (BanSystem.BanUser
/// never checks), so that reply alone cannot be shown as a ban. The ban is believed when the player is online or has
/// ever been seen on this server; otherwise it is reported as a refusal.
/// </summary>
public static class BanCheck
{
    public static async Task<ProblemHttpResult?> UnconfirmedAsync(Guid serverId, string player, string reply, PlayerRoster roster, ZedOpsDbContext db, CancellationToken ct)
    {
        var name = player.Trim();
        if (!reply.Trim().Equals($"System banned user {name}", StringComparison.Ordinal))
        {
            return null;
        }
        var known = roster.Get(serverId).Online.Any(p => p.Name == name)
            || await db.PlayerSessions.AnyAsync(p => p.ServerId == serverId && p.Player == name, ct);
        return known
            ? null
            : TypedResults.Problem(statusCode: 422, title: "Command refused by the server", type: ErrorCodes.RconUserNotFound,
                detail: $"{name} is not online and has never been seen on this server; PZ (B42) answers \"{reply.Trim()}\" even for an unknown account, so no ban was made.");
    }
}
