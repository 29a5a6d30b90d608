using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Features.Auth;

/// <summary>The cookie's per-request check (instead of Identity's SecurityStampValidator, which reloads the user and
/// rebuilds the principal on every request when the interval is zero): the session's stamp claim must equal the
/// account's current stamp, read from <see cref="AuthCache"/> (the database only after a change evicted it). A
/// mismatch or a removed account ends the session on this very request.</summary>
internal static class CachedSecurityStamp
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var stampClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var principal = context.Principal;
        var current = Guid.TryParse(principal?.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            ? await CurrentStampAsync(services, userId, context.HttpContext.RequestAborted)
            : null;
        if (current is null || !string.Equals(current, principal!.FindFirstValue(stampClaim), StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    /// <summary>The account's stamp, null when it no longer exists.</summary>
    public static async Task<string?> CurrentStampAsync(IServiceProvider services, Guid userId, CancellationToken ct) =>
        (await UserAsync(services, userId, ct))?.SecurityStamp;

    /// <summary>The account's stamp and principal (built as a fresh sign-in would), cached until the account changes.</summary>
    public static async Task<AuthCache.UserEntry?> UserAsync(IServiceProvider services, Guid userId, CancellationToken ct)
    {
        var cache = services.GetRequiredService<AuthCache>();
        if (cache.User(userId) is { } cached)
        {
            return cached;
        }
        var generation = cache.UserGeneration(userId);
        var signIn = services.GetRequiredService<SignInManager<ZedOpsUser>>();
        var user = await services.GetRequiredService<ZedOpsDbContext>().Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user?.SecurityStamp is not { } stamp)
        {
            return null;
        }
        var entry = new AuthCache.UserEntry(stamp, await signIn.CreateUserPrincipalAsync(user));
        cache.StoreUser(userId, generation, entry);
        return entry;
    }
}
