using Microsoft.AspNetCore.Http.HttpResults;
using ZedOps.Manager.Features.Agents;

namespace ZedOps.Manager.Features.Health;

public sealed record HealthResponse(string Status, string Database, int AgentsOnline);

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // Anonymous and answered from memory (DatabaseHealth probes in the background), so the route is run as soon as it
        // is matched, without the cookie, antiforgery and rate-limit middleware it has no use for.
        app.MapGet("/health", GetHealthAsync).AllowAnonymous().ShortCircuit().WithTags("Health");
        return app;
    }

    internal static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> GetHealthAsync(DatabaseHealth database, AgentRegistry registry) =>
        await database.CanConnectAsync()
            ? TypedResults.Ok(new HealthResponse("ok", database.Provider, registry.OnlineCount))
            : TypedResults.Json(new HealthResponse("database_unavailable", database.Provider, registry.OnlineCount), statusCode: 503);
}
