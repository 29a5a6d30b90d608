using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Auth;

public sealed record LoginRequest(string? Username, string? Password, string? TwoFactorCode = null);

public sealed record MeResponse(Guid Id, string Username, IReadOnlyList<string> Roles, bool IsAdmin);

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/auth").WithTags("Auth");
        api.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(AuthServiceCollectionExtensions.LoginRateLimit);
        api.MapPost("/logout", LogoutAsync).RequireAuthorization();
        api.MapGet("/me", GetMe).RequireAuthorization();

        // The UI's static login form posts here (a cookie cannot be set from inside an interactive circuit).
        var forms = app.MapGroup("/account").ExcludeFromDescription();
        forms.MapPost("/login", FormLoginAsync).AllowAnonymous().RequireRateLimiting(AuthServiceCollectionExtensions.LoginRateLimit);
        forms.MapPost("/logout", FormLogoutAsync).RequireAuthorization();
        return app;
    }

    internal static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext http, PasswordLogin login, UserManager<ZedOpsUser> users, IOptions<ManagerOptions> options)
    {
        var outcome = await login.SignInAsync(request.Username, request.Password, request.TwoFactorCode, AuditActor.From(http), http.RequestAborted);
        return outcome switch
        {
            LoginOutcome.Succeeded => TypedResults.Ok(await DescribeAsync(users, request.Username!)),
            LoginOutcome.TwoFactorRequired => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Two-factor code required",
                detail: "This account uses two-factor authentication: send 'twoFactorCode' (from the authenticator app, or a recovery code).",
                type: "two_factor_required"),
            LoginOutcome.LockedOut => TypedResults.Problem(statusCode: StatusCodes.Status423Locked, title: "Account locked",
                detail: LockedMessage(options.Value)),
            LoginOutcome.Missing => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing credentials",
                detail: "Send a JSON body with 'username' and 'password'."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Login failed", detail: "Wrong username or password."),
        };
    }

    internal static async Task<IResult> LogoutAsync(HttpContext http, SignInManager<ZedOpsUser> signIn, AuditLog audit)
    {
        await audit.WriteAsync(AuditActor.From(http), AuditActions.Logout, http.User.Identity?.Name);
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> GetMe(ClaimsPrincipal user, UserManager<ZedOpsUser> users) =>
        user.Identity?.Name is { } name ? TypedResults.Ok(await DescribeAsync(users, name)) : TypedResults.Unauthorized();

    internal static async Task<RedirectHttpResult> FormLoginAsync(
        [FromForm] string? username, [FromForm] string? password, [FromForm] string? code, [FromForm] string? returnUrl,
        HttpContext http, PasswordLogin login)
    {
        var outcome = await login.SignInAsync(username, password, code, AuditActor.From(http), http.RequestAborted);
        var target = LocalUrls.OrFallback(returnUrl);
        return outcome == LoginOutcome.Succeeded
            ? TypedResults.LocalRedirect(target)
            : TypedResults.LocalRedirect($"/login?error={outcome.ToString().ToLowerInvariant()}&returnUrl={Uri.EscapeDataString(target)}");
    }

    internal static async Task<RedirectHttpResult> FormLogoutAsync(HttpContext http, SignInManager<ZedOpsUser> signIn, AuditLog audit)
    {
        await audit.WriteAsync(AuditActor.From(http), AuditActions.Logout, http.User.Identity?.Name);
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/login");
    }

    internal static string LockedMessage(ManagerOptions options) =>
        $"This account is locked for your address after {options.Login.MaxFailedAttempts} failed attempts; try again in {options.Login.LockoutDuration.TotalMinutes:0} minutes or ask an admin.";

    private static async Task<MeResponse> DescribeAsync(UserManager<ZedOpsUser> users, string name)
    {
        var user = await users.FindByNameAsync(name) ?? throw new InvalidOperationException($"user '{name}' vanished");
        var roles = (await users.GetRolesAsync(user)).ToList();
        return new MeResponse(user.Id, user.UserName!, roles, roles.Contains(Roles.Admin));
    }
}
