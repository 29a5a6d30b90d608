using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Auth;
using ZedOps.Protocol;

namespace ZedOps.Manager.Features.Metrics;

public static class MetricsEndpoints
{
    public const string ScrapePath = "/metrics";
    public const string PrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/servers/{id:guid}/metrics", GetServerMetricsAsync).RequireAuthorization().RequireServer(Capability.View).WithTags("Metrics");
        app.MapGet("/api/agents/{id:guid}/metrics", GetHostMetricsAsync).RequireAuthorization().WithTags("Metrics");
        // Admin cookie or an admin's API token (Bearer); anonymous callers get 401 from the policy.
        app.MapGet(ScrapePath, ScrapeAsync).RequireAuthorization(Policies.Admin).ExcludeFromDescription();
        return app;
    }

    internal static async Task<Results<Ok<ServerMetricSeries>, ProblemHttpResult>> GetServerMetricsAsync(Guid id, string? range, MetricsQueries queries, CancellationToken ct) =>
        await queries.ServerAsync(id, range, ct) is { } series ? TypedResults.Ok(series) : BadRange();

    /// <summary>Host figures need an agent-level right (a global or agent grant): a server grant shows that server only.</summary>
    internal static async Task<Results<Ok<HostMetricSeries>, NotFound, ProblemHttpResult>> GetHostMetricsAsync(
        Guid id, string? range, ClaimsPrincipal user, AccessControl access, ZedOpsDbContext db, MetricsQueries queries, CancellationToken ct)
    {
        if (!await db.Agents.AnyAsync(a => a.Id == id && a.RevokedAt == null, ct))
        {
            return TypedResults.NotFound();
        }
        if (!await access.CanAsync(user, Capability.View, id, null, ct))
        {
            return TypedResults.Problem(statusCode: 403, title: "Not allowed", detail: "Host charts need a viewer or operator role on the agent (or everywhere).");
        }
        return await queries.HostAsync(id, range, ct) is { } series ? TypedResults.Ok(series) : BadRange();
    }

    internal static async Task ScrapeAsync(HttpContext http, FleetGauges gauges)
    {
        http.Response.ContentType = PrometheusContentType;
        await gauges.WriteAsync(http.Response.Body, http.RequestAborted);
    }

    private static ProblemHttpResult BadRange() => TypedResults.Problem(statusCode: 400, title: "Invalid range",
        detail: $"range is one of {string.Join(", ", MetricTiers.Ranges)}.");
}

internal static class MetricsRoutes
{
    /// <summary>Sample batches pushed by agents (each sample is kept only for the sending agent's own servers).</summary>
    public static AgentRoutes Create(IServiceProvider services)
    {
        var ingest = services.GetRequiredService<MetricsIngest>();
        return new AgentRoutes((router, connection) => router
            .On(Events.ServerMetricsReported, async (batch, ct) => await ingest.IngestAsync(connection.AgentId, batch.Samples, ct)));
    }
}
