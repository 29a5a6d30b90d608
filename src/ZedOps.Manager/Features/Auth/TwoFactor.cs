using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;

namespace ZedOps.Manager.Features.Auth;

public sealed record TwoFactorStatus(bool Enabled, int RecoveryCodesLeft);

public sealed record TwoFactorSetup(string SharedKey, string AuthenticatorUri);

/// <summary>Proof for setup (a new key) and disable: the current password, or a current authenticator code when two-factor is on.</summary>
public sealed record TwoFactorProofRequest(string? CurrentPassword, string? Code);

public sealed record EnableTwoFactorRequest(string? Code);

public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

/// <summary>TOTP enrolment with recovery codes (shown once). A new key is only pending until a code from it is
/// confirmed, so re-keying while two-factor is on keeps the old key working until then; making a key and turning
/// two-factor off need the password or a current code (issue 10 item 7).</summary>
internal sealed class TwoFactor(SignInManager<ZedOpsUser> signIn, ProtectedUserStore store, AccountProof proof, AuditLog audit, TimeProvider time)
{
    private UserManager<ZedOpsUser> Users => signIn.UserManager;

    public async Task<TwoFactorStatus> StatusAsync(ClaimsPrincipal principal)
    {
        var user = await UserAsync(principal);
        return new TwoFactorStatus(await Users.GetTwoFactorEnabledAsync(user), await Users.CountRecoveryCodesAsync(user));
    }

    /// <summary>A fresh pending key (any earlier pending one is replaced); the live key, if any, is untouched.</summary>
    public async Task<TwoFactorSetup> SetupAsync(ClaimsPrincipal principal, TwoFactorProofRequest request, AuditActor actor, CancellationToken ct)
    {
        var user = await UserAsync(principal);
        await ProveAsync(user, request, actor, "a new two-factor key", ct);
        var key = Users.GenerateNewAuthenticatorKey();
        await store.SetPendingKeyAsync(user, key, ct);
        Check(await Users.UpdateAsync(user));
        var label = UrlEncoder.Default.Encode($"ZedOps:{user.UserName}");
        return new TwoFactorSetup(key, $"otpauth://totp/{label}?secret={key}&issuer=ZedOps&digits=6");
    }

    /// <summary>Confirms the pending key with a code from it: it becomes the live key and new recovery codes are made.
    /// Null when there is no pending key or the code is wrong.</summary>
    public async Task<RecoveryCodes?> EnableAsync(ClaimsPrincipal principal, string? code, AuditActor actor)
    {
        var user = await UserAsync(principal);
        var pending = await store.GetPendingKeyAsync(user, CancellationToken.None);
        if (pending is null || !Totp.Verify(pending, AccountProof.Digits(code), time.GetUtcNow()))
        {
            return null;
        }
        var wasEnabled = await Users.GetTwoFactorEnabledAsync(user);
        await store.SetAuthenticatorKeyAsync(user, pending, CancellationToken.None);
        await store.SetPendingKeyAsync(user, null, CancellationToken.None);
        // Saves both and rotates the security stamp even on a re-key: a new key is a new credential, so other sessions and API tokens end.
        Check(await Users.SetTwoFactorEnabledAsync(user, true));
        var codes = (await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        await signIn.RefreshSignInAsync(user);
        await audit.WriteAsync(actor, wasEnabled ? "user.2fa_rekey" : "user.2fa_enable", $"user:{user.UserName}");
        return new RecoveryCodes(codes);
    }

    public async Task DisableAsync(ClaimsPrincipal principal, TwoFactorProofRequest request, AuditActor actor, CancellationToken ct)
    {
        var user = await UserAsync(principal);
        await ProveAsync(user, request, actor, "turning two-factor off", ct);
        await store.SetPendingKeyAsync(user, null, ct);
        Check(await Users.SetTwoFactorEnabledAsync(user, false));
        Check(await Users.ResetAuthenticatorKeyAsync(user));
        await Users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await signIn.RefreshSignInAsync(user);
        await audit.WriteAsync(actor, "user.2fa_disable", $"user:{user.UserName}", ct: ct);
    }

    private async Task ProveAsync(ZedOpsUser user, TwoFactorProofRequest request, AuditActor actor, string what, CancellationToken ct)
    {
        var outcome = await proof.PasswordOrCodeAsync(user, request.CurrentPassword, request.Code, actor.RemoteIp, ct);
        if (outcome != ProofOutcome.Ok)
        {
            throw new ProofFailedException(outcome, await Users.GetTwoFactorEnabledAsync(user)
                ? $"Send 'currentPassword' or 'code' (from your authenticator app) for {what}."
                : $"Send 'currentPassword' for {what}.");
        }
    }

    private async Task<ZedOpsUser> UserAsync(ClaimsPrincipal principal) =>
        await Users.GetUserAsync(principal) ?? throw new InvalidOperationException("signed-in user not found");

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
