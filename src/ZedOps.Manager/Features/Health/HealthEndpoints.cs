using Microsoft.AspNetCore.Http.HttpResults;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;

namespace ZedOps.Manager.Features.Health;

public sealed record HealthResponse(string Status, string Database, int AgentsOnline);

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealthAsync).AllowAnonymous().WithTags("Health");
        return app;
    }

    internal static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> GetHealthAsync(ZedOpsDbContext db, AgentRegistry registry, CancellationToken ct)
    {
        var provider = db.Database.ProviderName?.Split('.').Last() ?? "unknown";
        return await db.Database.CanConnectAsync(ct)
            ? TypedResults.Ok(new HealthResponse("ok", provider, registry.OnlineCount))
            : TypedResults.Json(new HealthResponse("database_unavailable", provider, registry.OnlineCount), statusCode: 503);
    }
}
