using Microsoft.AspNetCore.Http.HttpResults;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

using ZedOps.Manager.Features.Auth;

namespace ZedOps.Manager.Features.Rcon;

public sealed record RconRequest(string? Command);

public sealed record BroadcastRequest(string? Message);

/// <summary>Stop or restart after <see cref="Seconds"/> (default 300) with warnings broadcast on the way.</summary>
public sealed record CountdownRequest(string Action, int? Seconds);

public static class RconEndpoints
{
    public static IEndpointRouteBuilder MapRconEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/servers/{id:guid}").RequireAuthorization().RequireServer(Capability.Control).WithTags("RCON");
        group.MapPost("/rcon", ExecuteAsync);
        group.MapGet("/rcon/commands", () => TypedResults.Ok(RconCatalog.All));
        group.MapPost("/broadcast", BroadcastAsync);
        group.MapGet("/countdown", (Guid id, ServerCountdowns countdowns) => countdowns.Get(id) is { } c ? Results.Ok(c) : Results.NoContent());
        group.MapPost("/countdown", StartCountdown);
        group.MapDelete("/countdown", CancelCountdownAsync);
        return app;
    }

    internal static async Task<Results<Ok<RconReply>, ProblemHttpResult>> ExecuteAsync(Guid id, RconRequest request, RconConsole console, HttpContext http)
    {
        try
        {
            return TypedResults.Ok(await console.ExecuteAsync(id, request.Command, AuditActor.From(http), http.RequestAborted));
        }
        catch (ServerCommandException ex)
        {
            return ServersEndpoints.Problem(ex);
        }
        catch (WireRequestException ex)
        {
            return Problem(ex);
        }
    }

    internal static Task<Results<Ok<RconReply>, ProblemHttpResult>> BroadcastAsync(Guid id, BroadcastRequest request, RconConsole console, HttpContext http) =>
        string.IsNullOrWhiteSpace(request.Message)
            ? Task.FromResult<Results<Ok<RconReply>, ProblemHttpResult>>(TypedResults.Problem(statusCode: 400, title: "Empty message"))
            : ExecuteAsync(id, new RconRequest(Players.PlayerCommands.Broadcast(request.Message)), console, http);

    internal static Results<Accepted<CountdownView>, ProblemHttpResult> StartCountdown(Guid id, CountdownRequest request, ServerCountdowns countdowns, HttpContext http)
    {
        try
        {
            var view = countdowns.Start(id, request.Action, TimeSpan.FromSeconds(request.Seconds ?? 300), AuditActor.From(http));
            return TypedResults.Accepted($"/api/servers/{id}/countdown", view);
        }
        catch (ServerCommandException ex)
        {
            return ServersEndpoints.Problem(ex);
        }
    }

    internal static async Task<Results<NoContent, NotFound>> CancelCountdownAsync(Guid id, ServerCountdowns countdowns, HttpContext http) =>
        await countdowns.CancelAsync(id, AuditActor.From(http)) ? TypedResults.NoContent() : TypedResults.NotFound();

    /// <summary>A refusal is the caller's command being wrong (422); RCON not reachable is a state (409).</summary>
    internal static ProblemHttpResult Problem(WireRequestException ex) => ex.Code switch
    {
        ErrorCodes.RconUnavailable => TypedResults.Problem(statusCode: 409, title: "RCON unavailable", detail: ex.Message, type: ex.Code),
        ErrorCodes.RconUnknownCommand or ErrorCodes.RconWrongArguments or ErrorCodes.RconNotAllowed or ErrorCodes.RconUserNotFound
            or ErrorCodes.RconUserExists =>
            TypedResults.Problem(statusCode: 422, title: "Command refused by the server", detail: ex.Message, type: ex.Code),
        _ => AgentProblems.From(ex),
    };
}
