using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;

namespace ZedOps.Manager.Features.Auth;

public sealed record TwoFactorStatus(bool Enabled, int RecoveryCodesLeft);

public sealed record TwoFactorSetup(string SharedKey, string AuthenticatorUri);

public sealed record EnableTwoFactorRequest(string? Code);

public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

/// <summary>TOTP enrolment with Identity's own authenticator provider and recovery codes (shown once).</summary>
public sealed class TwoFactor(SignInManager<ZedOpsUser> signIn, AuditLog audit)
{
    private UserManager<ZedOpsUser> Users => signIn.UserManager;

    public async Task<TwoFactorStatus> StatusAsync(ClaimsPrincipal principal)
    {
        var user = await UserAsync(principal);
        return new TwoFactorStatus(await Users.GetTwoFactorEnabledAsync(user), await Users.CountRecoveryCodesAsync(user));
    }

    /// <summary>A fresh key (any earlier unconfirmed one is replaced); 2FA turns on only after a code is verified.</summary>
    public async Task<TwoFactorSetup> SetupAsync(ClaimsPrincipal principal)
    {
        var user = await UserAsync(principal);
        await Users.ResetAuthenticatorKeyAsync(user);
        var key = (await Users.GetAuthenticatorKeyAsync(user))!;
        await signIn.RefreshSignInAsync(user); // the reset rotated the security stamp; keep this session
        var label = UrlEncoder.Default.Encode($"ZedOps:{user.UserName}");
        return new TwoFactorSetup(key, $"otpauth://totp/{label}?secret={key}&issuer=ZedOps&digits=6");
    }

    /// <summary>Null when the code is wrong.</summary>
    public async Task<RecoveryCodes?> EnableAsync(ClaimsPrincipal principal, string? code, AuditActor actor)
    {
        var user = await UserAsync(principal);
        var digits = (code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (!await Users.VerifyTwoFactorTokenAsync(user, Users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return null;
        }
        await Users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        await signIn.RefreshSignInAsync(user);
        await audit.WriteAsync(actor, "user.2fa_enable", $"user:{user.UserName}");
        return new RecoveryCodes(codes);
    }

    public async Task DisableAsync(ClaimsPrincipal principal, AuditActor actor)
    {
        var user = await UserAsync(principal);
        await Users.SetTwoFactorEnabledAsync(user, false);
        await Users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        await audit.WriteAsync(actor, "user.2fa_disable", $"user:{user.UserName}");
    }

    private async Task<ZedOpsUser> UserAsync(ClaimsPrincipal principal) =>
        await Users.GetUserAsync(principal) ?? throw new InvalidOperationException("signed-in user not found");
}

public static class TwoFactorEndpoints
{
    public static IEndpointRouteBuilder MapTwoFactorEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/auth/2fa").RequireAuthorization().WithTags("Auth");
        group.MapGet("/", async (ClaimsPrincipal user, TwoFactor twoFactor) => TypedResults.Ok(await twoFactor.StatusAsync(user)));
        group.MapPost("/setup", async (ClaimsPrincipal user, TwoFactor twoFactor) => TypedResults.Ok(await twoFactor.SetupAsync(user)));
        group.MapPost("/enable", EnableAsync);
        group.MapPost("/disable", async (ClaimsPrincipal user, TwoFactor twoFactor, HttpContext http) =>
        {
            await twoFactor.DisableAsync(user, AuditActor.From(http));
            return TypedResults.NoContent();
        });
        return app;
    }

    internal static async Task<Results<Ok<RecoveryCodes>, ProblemHttpResult>> EnableAsync(
        EnableTwoFactorRequest request, ClaimsPrincipal user, TwoFactor twoFactor, HttpContext http) =>
        await twoFactor.EnableAsync(user, request.Code, AuditActor.From(http)) is { } codes
            ? TypedResults.Ok(codes)
            : TypedResults.Problem(statusCode: 400, title: "Wrong code", detail: "The code does not match the key; check the authenticator app's clock and try the current code.");
}
