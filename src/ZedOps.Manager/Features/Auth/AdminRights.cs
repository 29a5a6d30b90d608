using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Auth;

/// <summary>Whether a session holds admin rights: the admin role, and — when the settings require two-factor for
/// admins — a sign-in that passed it. API tokens act for their owner without a second factor: making one needs the
/// password and a current code, and admins without two-factor cannot make one while it is required. Every admin check,
/// API or UI, goes through <see cref="Has"/>.</summary>
public static class AdminRights
{
    public const string TwoFactorRequiredClaim = "zedops:2fa_required";

    public static bool Has(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Admin)
        && (!user.HasClaim(TwoFactorRequiredClaim, "true")
            || user.HasClaim(PasswordLogin.MfaClaim, "mfa")
            || user.Identity?.AuthenticationType == ApiTokenAuthenticationHandler.SchemeName);
}

/// <summary>Marks admins' principals when two-factor is required for them; it runs at sign-in and at every security
/// stamp refresh, so the mark cannot be lost while the "mfa" proof is kept by Identity.</summary>
internal sealed class ZedOpsClaimsFactory(UserManager<ZedOpsUser> users, RoleManager<ZedOpsRole> roles, IOptions<IdentityOptions> identity, IOptions<ManagerOptions> options)
    : UserClaimsPrincipalFactory<ZedOpsUser, ZedOpsRole>(users, roles, identity)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ZedOpsUser user)
    {
        var claims = await base.GenerateClaimsAsync(user);
        if (options.Value.Login.RequireTwoFactorForAdmins && claims.HasClaim(Options.ClaimsIdentity.RoleClaimType, Roles.Admin))
        {
            claims.AddClaim(new Claim(AdminRights.TwoFactorRequiredClaim, "true"));
        }
        return claims;
    }
}
