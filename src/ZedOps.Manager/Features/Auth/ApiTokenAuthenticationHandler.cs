using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Auth;

/// <summary>Authenticates <c>Authorization: Bearer zpat_…</c> by the token's SHA-256; the principal is built from the
/// owner's current account, so a role change applies to the next call. A token is bound to the security stamp its
/// owner had when it was made: a password change or reset, an admin-flag change or a two-factor change rotates the
/// stamp and ends every token (issue 10 item 5). A login lockout does not: it is about guessed passwords, and the
/// token's holder proved the password when making it (item 6).</summary>
internal sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AuthCache cache,
    Tokens.TokenUsage usage) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var token = header["Bearer ".Length..].Trim();
        if (!token.StartsWith(Secrets.ApiTokenPrefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.Fail("not a ZedOps API token");
        }
        var hash = Secrets.Hash(token);
        var now = TimeProvider.GetUtcNow();
        var row = cache.Token(hash) ?? await LoadAsync(hash);
        if (row is null || row.ExpiresAt <= now)
        {
            return AuthenticateResult.Fail("unknown, revoked or expired API token");
        }
        var user = await CachedSecurityStamp.UserAsync(Context.RequestServices, row.UserId, Context.RequestAborted);
        if (user is null)
        {
            return AuthenticateResult.Fail("the token's owner no longer exists");
        }
        if (!string.Equals(row.SecurityStamp, user.SecurityStamp, StringComparison.Ordinal))
        {
            return AuthenticateResult.Fail("the token was made before its owner's password, rights or two-factor changed");
        }
        usage.Record(row.Id, now);
        return AuthenticateResult.Success(new AuthenticationTicket(user.Principal.Clone(), SchemeName));
    }

    private async Task<AuthCache.TokenEntry?> LoadAsync(string hash)
    {
        var generation = cache.TokenGeneration;
        // Resolved only on a cache miss: the handler runs on every request (cookie ones too), a database context need not.
        var db = Context.RequestServices.GetRequiredService<ZedOpsDbContext>();
        var row = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, Context.RequestAborted);
        if (row is null)
        {
            return null;
        }
        var entry = new AuthCache.TokenEntry(row.Id, row.UserId, row.SecurityStamp, row.ExpiresAt);
        cache.StoreToken(hash, generation, entry);
        return entry;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
