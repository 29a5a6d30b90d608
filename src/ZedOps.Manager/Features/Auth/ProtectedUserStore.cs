using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Features.Auth;

/// <summary>Identity's EF store with two-factor secrets protected at rest (<see cref="TwoFactorSecrets"/>): every path
/// that reads or writes the authenticator key or the recovery codes (UserManager, the authenticator token provider,
/// recovery-code redemption) goes through these overrides.</summary>
internal sealed class ProtectedUserStore(ZedOpsDbContext context, TwoFactorSecrets secrets, IdentityErrorDescriber describer, AuthCache cache)
    : UserStore<ZedOpsUser, ZedOpsRole, ZedOpsDbContext, Guid>(context, describer)
{
    // Identity's own names for these rows (UserStoreBase keeps them private).
    public const string InternalLoginProvider = "[AspNetUserStore]";
    public const string AuthenticatorKeyTokenName = "AuthenticatorKey";
    public const string RecoveryCodeTokenName = "RecoveryCodes";
    private const string PendingProvider = "[ZedOps]";
    private const string PendingKeyName = "PendingAuthenticatorKey";

    /// <summary>A new authenticator key waiting for its first code (null removes it); saved by the next UpdateAsync.</summary>
    public Task SetPendingKeyAsync(ZedOpsUser user, string? key, CancellationToken cancellationToken) => key is null
        ? RemoveTokenAsync(user, PendingProvider, PendingKeyName, cancellationToken)
        : SetTokenAsync(user, PendingProvider, PendingKeyName, secrets.ProtectKey(key), cancellationToken);

    public async Task<string?> GetPendingKeyAsync(ZedOpsUser user, CancellationToken cancellationToken) =>
        secrets.UnprotectKey(await GetTokenAsync(user, PendingProvider, PendingKeyName, cancellationToken));

    /// <summary>Every saved change to an account (stamp, admin flag, roles, lockout) drops its cached stamp and principal
    /// after the save, so the next request of any of its sessions or tokens reads the new state.</summary>
    public override async Task<IdentityResult> UpdateAsync(ZedOpsUser user, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.UpdateAsync(user, cancellationToken);
        }
        finally
        {
            cache.EvictUser(user.Id);
        }
    }

    public override async Task<IdentityResult> DeleteAsync(ZedOpsUser user, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.DeleteAsync(user, cancellationToken);
        }
        finally
        {
            cache.EvictUser(user.Id);
        }
    }

    public override Task SetAuthenticatorKeyAsync(ZedOpsUser user, string key, CancellationToken cancellationToken) =>
        base.SetAuthenticatorKeyAsync(user, secrets.ProtectKey(key), cancellationToken);

    public override async Task<string?> GetAuthenticatorKeyAsync(ZedOpsUser user, CancellationToken cancellationToken) =>
        secrets.UnprotectKey(await base.GetAuthenticatorKeyAsync(user, cancellationToken));

    public override Task ReplaceCodesAsync(ZedOpsUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        base.ReplaceCodesAsync(user, recoveryCodes.Select(TwoFactorSecrets.HashCode), cancellationToken);

    public override async Task<bool> RedeemCodeAsync(ZedOpsUser user, string code, CancellationToken cancellationToken)
    {
        var stored = (await GetTokenAsync(user, InternalLoginProvider, RecoveryCodeTokenName, cancellationToken) ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries);
        var match = stored.FirstOrDefault(s => TwoFactorSecrets.CodeMatches(s, code));
        if (match is null)
        {
            return false;
        }
        // The rest are stored as they are (already hashed); base.ReplaceCodesAsync does not hash again.
        await base.ReplaceCodesAsync(user, stored.Where(s => !ReferenceEquals(s, match)), cancellationToken);
        return true;
    }
}
