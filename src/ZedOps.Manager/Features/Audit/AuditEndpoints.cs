using Microsoft.AspNetCore.Http.HttpResults;
using ZedOps.Manager.Features.Auth;

namespace ZedOps.Manager.Features.Audit;

public static class AuditEndpoints
{
    public static RouteGroupBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").RequireAuthorization(Policies.Admin).WithTags("Audit");
        group.MapGet("/", QueryAuditAsync);
        return group;
    }

    internal static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> QueryAuditAsync(
        string? user, string? action, string? target, DateTimeOffset? from, DateTimeOffset? to, int? page, int? pageSize, AuditQueries queries, CancellationToken ct)
    {
        if (page is < 1 || pageSize is < 1 or > AuditQueries.MaxPageSize)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid paging", detail: $"page starts at 1; pageSize is 1–{AuditQueries.MaxPageSize}.");
        }
        if (from is { } f && to is { } t && f > t)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid range", detail: "'from' must not be after 'to'.");
        }
        return TypedResults.Ok(await queries.QueryAsync(new AuditFilter(user, action, target, from, to, page ?? 1, pageSize ?? 50), ct));
    }
}
