using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Tokens;

/// <summary><paramref name="ExpiresAt"/> omitted means the configured default lifetime.</summary>
public sealed record CreateTokenRequest(string? Name, DateTimeOffset? ExpiresAt, string? CurrentPassword = null, string? TwoFactorCode = null);

public sealed record CreatedToken(Guid Id, string Name, string Token, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

public sealed record TokenView(Guid Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

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
        CreateTokenRequest request, ClaimsPrincipal user, ApiTokens tokens, IOptions<ManagerOptions> options, HttpContext http)
    {
        try
        {
            var created = await tokens.CreateAsync(UserId(user), request, AuditActor.From(http), http.RequestAborted);
            return TypedResults.Created($"/api/tokens/{created.Id}", created);
        }
        catch (ArgumentException ex)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid token", detail: ex.Message);
        }
        catch (ProofFailedException ex)
        {
            return AccountProof.Problem(ex.Outcome, ex.Message, options.Value);
        }
    }

    internal static async Task<Ok<List<TokenView>>> ListTokensAsync(ClaimsPrincipal user, ApiTokens tokens, CancellationToken ct) =>
        TypedResults.Ok(await tokens.ListAsync(UserId(user), ct));

    internal static async Task<Results<NoContent, NotFound<ProblemDetails>>> DeleteTokenAsync(Guid id, ClaimsPrincipal user, ApiTokens tokens, HttpContext http) =>
        await tokens.DeleteAsync(UserId(user), id, AuditActor.From(http), http.RequestAborted)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Token not found", Detail = $"You have no API token with id {id}." });

    private static Guid UserId(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
}
