using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;

namespace ZedOps.Manager.Features.Users;

public sealed record GrantRequest(string? Role, string? ScopeType, Guid? ScopeId);

public sealed record GrantView(Guid Id, string Role, string ScopeType, Guid? ScopeId, string? ScopeName, DateTimeOffset CreatedAt);

/// <summary>Operator/viewer grants by scope. Each change evicts the user from <see cref="AuthCache"/> once it is saved, so
/// it applies to the next API call, the next UI action and (within seconds) to open log streams.</summary>
public static class RoleAssignments
{
    public static IEndpointRouteBuilder MapRoleAssignmentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users/{userId:guid}/roles").RequireAuthorization(Policies.Admin).WithTags("Users");
        group.MapGet("/", ListAsync);
        group.MapPost("/", GrantAsync);
        group.MapDelete("/{grantId:guid}", RevokeAsync);
        return app;
    }

    internal static async Task<Ok<List<GrantView>>> ListAsync(Guid userId, ZedOpsDbContext db, CancellationToken ct)
    {
        var grants = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == userId).ToListAsync(ct);
        var agents = await db.Agents.AsNoTracking().ToDictionaryAsync(a => a.Id, a => a.Name, ct);
        var servers = await db.Servers.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, ct);
        return TypedResults.Ok(grants.OrderBy(g => g.CreatedAt).Select(g => new GrantView(g.Id, g.Role, g.ScopeType, g.ScopeId,
            g.ScopeId is { } id ? agents.GetValueOrDefault(id) ?? servers.GetValueOrDefault(id) : null, g.CreatedAt)).ToList());
    }

    internal static async Task<Results<Created<GrantView>, ProblemHttpResult>> GrantAsync(
        Guid userId, GrantRequest request, ZedOpsDbContext db, AuditLog audit, TimeProvider time, HttpContext http)
    {
        var ct = http.RequestAborted;
        if (!await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            return TypedResults.Problem(statusCode: 404, title: "User not found", detail: $"No user with id {userId}.");
        }
        if (request.Role is null || !RoleCapabilities.IsAssignable(request.Role))
        {
            return Bad($"role must be '{RoleCapabilities.Operator}' or '{RoleCapabilities.Viewer}' (admins are made on the user).");
        }
        if (request.ScopeType is null || !ScopeTypes.All.Contains(request.ScopeType))
        {
            return Bad($"scopeType must be one of {string.Join(", ", ScopeTypes.All)}.");
        }
        var scopeName = request.ScopeType switch
        {
            ScopeTypes.Agent => await db.Agents.Where(a => a.Id == request.ScopeId && a.RevokedAt == null).Select(a => a.Name).FirstOrDefaultAsync(ct),
            ScopeTypes.Server => await db.Servers.Where(s => s.Id == request.ScopeId).Select(s => s.Name).FirstOrDefaultAsync(ct),
            _ => "everything",
        };
        if (scopeName is null || (request.ScopeType == ScopeTypes.Global) != (request.ScopeId is null))
        {
            return Bad(request.ScopeType == ScopeTypes.Global ? "A global grant takes no scopeId." : $"scopeId must name an existing {request.ScopeType}.");
        }
        if (await db.RoleAssignments.AnyAsync(r => r.UserId == userId && r.Role == request.Role && r.ScopeType == request.ScopeType && r.ScopeId == request.ScopeId, ct))
        {
            return TypedResults.Problem(statusCode: 409, title: "Already granted", detail: "The user already has this role on this scope.");
        }
        var grant = new RoleAssignmentEntity { Id = Guid.NewGuid(), UserId = userId, Role = request.Role, ScopeType = request.ScopeType, ScopeId = request.ScopeId, CreatedAt = time.GetUtcNow() };
        db.RoleAssignments.Add(grant);
        await db.SaveChangesAsync(ct);
        http.RequestServices.GetRequiredService<AuthCache>().EvictUser(userId);
        await audit.WriteAsync(AuditActor.From(http), "user.grant", $"user:{userId}", details: $"{grant.Role}@{grant.ScopeType}:{scopeName}", ct: ct);
        return TypedResults.Created($"/api/users/{userId}/roles/{grant.Id}", new GrantView(grant.Id, grant.Role, grant.ScopeType, grant.ScopeId, scopeName, grant.CreatedAt));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid userId, Guid grantId, ZedOpsDbContext db, AuditLog audit, HttpContext http)
    {
        var deleted = await db.RoleAssignments.Where(r => r.Id == grantId && r.UserId == userId).ExecuteDeleteAsync(http.RequestAborted);
        http.RequestServices.GetRequiredService<AuthCache>().EvictUser(userId);
        if (deleted == 0)
        {
            return TypedResults.Problem(statusCode: 404, title: "Grant not found", detail: $"The user has no grant {grantId}.");
        }
        await audit.WriteAsync(AuditActor.From(http), "user.revoke_grant", $"user:{userId}", details: grantId.ToString(), ct: http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Bad(string detail) => TypedResults.Problem(statusCode: 400, title: "Invalid grant", detail: detail);
}
