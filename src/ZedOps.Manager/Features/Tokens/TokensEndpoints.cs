using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Tokens;

public sealed record CreateTokenRequest(string? Name, DateTimeOffset? ExpiresAt);

public sealed record CreatedToken(Guid Id, string Name, string Token, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

public sealed record TokenView(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

/// <summary>Personal API tokens: the secret is shown once at creation; only its hash is kept.</summary>
public static class TokensEndpoints
{
    public static RouteGroupBuilder MapTokensEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tokens").RequireAuthorization().WithTags("Tokens");
        group.MapPost("/", CreateTokenAsync);
        group.MapGet("/", ListTokensAsync);
        group.MapDelete("/{id:guid}", DeleteTokenAsync);
        return group;
    }

    internal static async Task<Results<Created<CreatedToken>, ProblemHttpResult>> CreateTokenAsync(
        CreateTokenRequest request, ClaimsPrincipal user, ZedOpsDbContext db, AuditLog audit, TimeProvider time, HttpContext http)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid token name", detail: "Give the token a name of 1–100 characters, e.g. 'backup script'.");
        }
        var now = time.GetUtcNow();
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid expiry", detail: "expiresAt must be in the future (or omitted for no expiry).");
        }
        var token = Secrets.NewToken(Secrets.ApiTokenPrefix);
        var row = new ApiTokenEntity { Id = Guid.NewGuid(), UserId = UserId(user), Name = name, TokenHash = Secrets.Hash(token), CreatedAt = now, ExpiresAt = request.ExpiresAt };
        db.ApiTokens.Add(row);
        await db.SaveChangesAsync(http.RequestAborted);
        await audit.WriteAsync(AuditActor.From(http), AuditActions.ApiTokenCreated, $"token:{row.Id}", details: $"name={name}", ct: http.RequestAborted);
        return TypedResults.Created($"/api/tokens/{row.Id}", new CreatedToken(row.Id, name, token, now, row.ExpiresAt));
    }

    internal static async Task<Ok<List<TokenView>>> ListTokensAsync(ClaimsPrincipal user, ZedOpsDbContext db, CancellationToken ct)
    {
        var userId = UserId(user);
        var rows = await db.ApiTokens.Where(t => t.UserId == userId)
            .Select(t => new TokenView(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.LastUsedAt)).ToListAsync(ct);
        return TypedResults.Ok(rows.OrderByDescending(t => t.CreatedAt).ToList());
    }

    internal static async Task<Results<NoContent, NotFound<ProblemDetails>>> DeleteTokenAsync(
        Guid id, ClaimsPrincipal user, ZedOpsDbContext db, AuditLog audit, HttpContext http)
    {
        var userId = UserId(user);
        var deleted = await db.ApiTokens.Where(t => t.Id == id && t.UserId == userId).ExecuteDeleteAsync(http.RequestAborted);
        if (deleted == 0)
        {
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Token not found", Detail = $"You have no API token with id {id}." });
        }
        await audit.WriteAsync(AuditActor.From(http), AuditActions.ApiTokenRevoked, $"token:{id}", ct: http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static Guid UserId(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
}
