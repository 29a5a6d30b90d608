using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Rcon;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Transport;

using ZedOps.Manager.Features.Auth;

namespace ZedOps.Manager.Features.Players;

public sealed record PlayerSessionView(string Player, DateTimeOffset JoinedAt, DateTimeOffset? LeftAt, TimeSpan Duration);

public sealed record PlayerActionRequest(string? Reason, string? Level, bool BanIp);

public static class PlayersEndpoints
{
    public const int PageSize = 100;

    public static IEndpointRouteBuilder MapPlayersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/servers/{id:guid}/players").RequireAuthorization().WithTags("Players");
        group.MapGet("/", GetPlayersAsync).RequireServer(Capability.View);
        group.MapGet("/history", GetHistoryAsync).RequireServer(Capability.View);
        group.MapPost("/{player}/{action}", RunActionAsync).RequireServer(Capability.Control);
        return app;
    }

    internal static async Task<Results<Ok<PlayersSnapshot>, NotFound>> GetPlayersAsync(Guid id, PlayerRoster roster, ZedOpsDbContext db, CancellationToken ct) =>
        await db.Servers.AnyAsync(s => s.Id == id, ct) ? TypedResults.Ok(roster.Get(id)) : TypedResults.NotFound();

    internal static async Task<Results<Ok<List<PlayerSessionView>>, NotFound>> GetHistoryAsync(
        Guid id, string? player, int? page, ZedOpsDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (!await db.Servers.AnyAsync(s => s.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        var query = db.PlayerSessions.AsNoTracking().Where(p => p.ServerId == id);
        if (!string.IsNullOrWhiteSpace(player))
        {
            query = query.Where(p => p.Player == player);
        }
        var rows = await query.OrderByDescending(p => p.JoinedAt).Skip(Math.Max(0, (page ?? 1) - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var now = time.GetUtcNow();
        return TypedResults.Ok(rows.Select(r => new PlayerSessionView(r.Player, r.JoinedAt, r.LeftAt, (r.LeftAt ?? now) - r.JoinedAt)).ToList());
    }

    internal static async Task<Results<Ok<RconReply>, ProblemHttpResult>> RunActionAsync(
        Guid id, string player, string action, PlayerActionRequest? request, RconConsole console, PlayerRoster roster, ZedOpsDbContext db, HttpContext http)
    {
        if (PlayerCommands.Build(action, player, request?.Reason, request?.Level, request?.BanIp ?? false) is not { } command)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid player action",
                detail: $"Actions: {string.Join(", ", PlayerCommands.Actions)}; 'access' needs a level: {string.Join(", ", PlayerCommands.AccessLevels)}.");
        }
        try
        {
            var reply = await console.ExecuteAsync(id, command, AuditActor.From(http), http.RequestAborted);
            return action == "ban" && await BanCheck.UnconfirmedAsync(id, player, reply.Reply, roster, db, http.RequestAborted) is { } refused
                ? refused
                : TypedResults.Ok(reply);
        }
        catch (ServerCommandException ex)
        {
            return ServersEndpoints.Problem(ex);
        }
        catch (WireRequestException ex)
        {
            return RconEndpoints.Problem(ex);
        }
    }
}
