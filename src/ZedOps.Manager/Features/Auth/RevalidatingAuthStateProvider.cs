using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Features.Auth;

/// <summary>Re-checks the security stamp of every open Blazor circuit every 30 s (the template's 30 min is far too
/// long for revocation): a removed user, a password reset or an admin-flag change ends the circuit's sign-in.</summary>
internal sealed class RevalidatingAuthStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ZedOpsUser>>();
        var user = await users.GetUserAsync(state.User);
        if (user is null)
        {
            return false; // a login lockout (per client address) never ends a signed-in circuit
        }
        return state.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType) == await users.GetSecurityStampAsync(user);
    }
}
