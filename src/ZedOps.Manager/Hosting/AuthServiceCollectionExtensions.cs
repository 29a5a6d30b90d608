using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Auth;

namespace ZedOps.Manager.Hosting;

internal static class AuthServiceCollectionExtensions
{
    public const string SmartScheme = "zedops";
    public const string LoginRateLimit = "login";

    /// <summary>Identity (hashing, lockout) with cookies for the UI and hashed personal API tokens for scripts; one policy
    /// scheme picks the bearer handler when an Authorization header is present.</summary>
    public static IServiceCollection AddZedOpsAuth(this IServiceCollection services, ManagerOptions options)
    {
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(options.DataDir), "keys")))
            .SetApplicationName("ZedOps");
        if (options.Replicas.Enabled)
        {
            // Replicas share one key ring, in the database: a cookie or secret protected on one is readable on all.
            services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>(sp =>
                new Microsoft.Extensions.Options.ConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o =>
                    o.XmlRepository = new Features.Replicas.DatabaseKeyRepository(() => sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Data.ZedOpsDbContext>>())));
        }
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = SmartScheme;
                o.DefaultChallengeScheme = SmartScheme;
            })
            .AddPolicyScheme(SmartScheme, "Cookie or API token", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? ApiTokenAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "zedops.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request is HTTPS, including HTTPS at a trusted proxy (X-Forwarded-Proto, see TrustedProxies).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/login";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromDays(7);
            o.Events.OnRedirectToLogin = ctx => ApiAwareRedirect(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiAwareRedirect(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddIdentityCore<ZedOpsUser>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = options.Login.MaxFailedAttempts;
                o.Lockout.DefaultLockoutTimeSpan = options.Login.LockoutDuration;
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 8;
                // Length over composition rules (NIST SP 800-63B).
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddRoles<ZedOpsRole>()
            .AddEntityFrameworkStores<ZedOpsDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<ZedOpsClaimsFactory>()
            .AddDefaultTokenProviders();
        // Two-factor secrets are protected at rest; UserManager and the token providers reach them only through this store.
        services.AddSingleton<TwoFactorSecrets>();
        services.AddScoped<ProtectedUserStore>();
        services.AddScoped<IUserStore<ZedOpsUser>>(sp => sp.GetRequiredService<ProtectedUserStore>());
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireAssertion(ctx => AdminRights.Has(ctx.User)));
        services.AddScoped<AdminBootstrap>();
        services.AddSingleton<LoginThrottle>();
        services.AddScoped<AccountProof>();
        services.AddScoped<PasswordLogin>();
        services.AddScoped<AccessControl>();
        services.AddSingleton<AuthCache>();
        services.AddSingleton<Features.Tokens.TokenUsage>();
        services.AddHostedService(sp => sp.GetRequiredService<Features.Tokens.TokenUsage>());
        services.AddScoped<Features.Containers.ContainerAccess>();
        services.AddScoped<Features.Invitations.Invitations>();
        services.AddScoped<TwoFactor>();
        services.AddScoped<Features.Users.UserAdministration>();
        services.AddSingleton<Features.Users.PasswordChangeThrottle>();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAuthStateProvider>();
        // Cookies re-check the security stamp on every request, so a reset or removal ends other sessions at once; the
        // stamp comes from AuthCache, which the user store evicts on every saved change (no database read per request).
        services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme,
            o =>
            {
                o.Events.OnValidatePrincipal = CachedSecurityStamp.ValidateAsync;
                if (o.TicketDataFormat is { } format)
                {
                    o.TicketDataFormat = new CachedTicketFormat(format);
                }
            });
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.Zero;
            // The refreshed principal is rebuilt from the account; keep the proof that this sign-in passed two-factor.
            o.OnRefreshingPrincipal = ctx =>
            {
                if (ctx.CurrentPrincipal?.FindFirst(PasswordLogin.MfaClaim) is { } mfa && ctx.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
                {
                    identity.AddClaim(new System.Security.Claims.Claim(mfa.Type, mfa.Value));
                }
                return Task.CompletedTask;
            };
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.Login.AttemptsPerMinutePerClient, Window = TimeSpan.FromMinutes(1) }));
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.Headers.RetryAfter = "60";
                await Results.Problem(statusCode: 429, title: "Too many login attempts",
                    detail: "Too many login attempts from this address; wait a minute and try again.").ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }

    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        // Scrapers, like API clients, want a status code, not the login page.
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments(Features.Metrics.MetricsEndpoints.ScrapePath))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
