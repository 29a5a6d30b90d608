using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Auth;

public static class TwoFactorEndpoints
{
    public static IEndpointRouteBuilder MapTwoFactorEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/2fa").RequireAuthorization().WithTags("Auth");
        group.MapGet("/", async (ClaimsPrincipal user, TwoFactor twoFactor) => TypedResults.Ok(await twoFactor.StatusAsync(user)));
        group.MapPost("/setup", SetupAsync);
        group.MapPost("/enable", EnableAsync);
        group.MapPost("/disable", DisableAsync);
        return app;
    }

    internal static async Task<Results<Ok<TwoFactorSetup>, ProblemHttpResult>> SetupAsync(
        TwoFactorProofRequest? request, ClaimsPrincipal user, TwoFactor twoFactor, IOptions<ManagerOptions> options, HttpContext http)
    {
        try
        {
            return TypedResults.Ok(await twoFactor.SetupAsync(user, request ?? new(null, null), AuditActor.From(http), http.RequestAborted));
        }
        catch (ProofFailedException ex)
        {
            return AccountProof.Problem(ex.Outcome, ex.Message, options.Value);
        }
    }

    internal static async Task<Results<Ok<RecoveryCodes>, ProblemHttpResult>> EnableAsync(
        EnableTwoFactorRequest request, ClaimsPrincipal user, TwoFactor twoFactor, HttpContext http) =>
        await twoFactor.EnableAsync(user, request.Code, AuditActor.From(http)) is { } codes
            ? TypedResults.Ok(codes)
            : TypedResults.Problem(statusCode: 400, title: "Wrong code",
                detail: "The code does not match the new key (start with /api/auth/2fa/setup); check the authenticator app's clock and try the current code.");

    internal static async Task<Results<NoContent, ProblemHttpResult>> DisableAsync(
        TwoFactorProofRequest? request, ClaimsPrincipal user, TwoFactor twoFactor, IOptions<ManagerOptions> options, HttpContext http)
    {
        try
        {
            await twoFactor.DisableAsync(user, request ?? new(null, null), AuditActor.From(http), http.RequestAborted);
            return TypedResults.NoContent();
        }
        catch (ProofFailedException ex)
        {
            return AccountProof.Problem(ex.Outcome, ex.Message, options.Value);
        }
    }
}
