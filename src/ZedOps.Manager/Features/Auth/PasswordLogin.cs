using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;

namespace ZedOps.Manager.Features.Auth;

public enum LoginOutcome
{
    Succeeded,
    Failed,
    LockedOut,
    Missing,
    TwoFactorRequired,
}

/// <summary>Password and, when the account has it, a TOTP or recovery code, both under <see cref="LoginThrottle"/>
/// (lockout per account and client address, never of the account itself); signs in with the Identity cookie and records
/// the attempt in the audit log either way. Secrets never reach the log.</summary>
internal sealed class PasswordLogin(SignInManager<ZedOpsUser> signIn, AccountProof proof, AuditLog audit)
{
    public const string MfaClaim = "amr";

    public async Task<LoginOutcome> SignInAsync(string? username, string? password, string? code, AuditActor origin, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            return LoginOutcome.Missing;
        }
        var user = await signIn.UserManager.FindByNameAsync(username);
        var outcome = user is null ? LoginOutcome.Failed : await CheckAsync(user, password, code, origin.RemoteIp, ct);
        var actor = origin with { UserId = user?.Id, Name = username[..Math.Min(username.Length, 256)] };
        await audit.WriteAsync(actor, outcome == LoginOutcome.Succeeded ? AuditActions.LoginSucceeded : AuditActions.LoginFailed,
            username, outcome == LoginOutcome.Succeeded, outcome is LoginOutcome.LockedOut or LoginOutcome.TwoFactorRequired ? outcome.ToString() : null, ct);
        return outcome;
    }

    private async Task<LoginOutcome> CheckAsync(ZedOpsUser user, string password, string? code, string? address, CancellationToken ct)
    {
        var users = signIn.UserManager;
        var twoFactor = await users.GetTwoFactorEnabledAsync(user);
        var passwordCheck = await proof.GuardAsync(user, address, () => users.CheckPasswordAsync(user, password), ct, completes: !twoFactor);
        if (passwordCheck != ProofOutcome.Ok)
        {
            return passwordCheck == ProofOutcome.LockedOut ? LoginOutcome.LockedOut : LoginOutcome.Failed;
        }
        if (!twoFactor)
        {
            await signIn.SignInAsync(user, isPersistent: true);
            return LoginOutcome.Succeeded;
        }
        if (string.IsNullOrWhiteSpace(code))
        {
            return LoginOutcome.TwoFactorRequired;
        }
        var codeCheck = await proof.GuardAsync(user, address, async () => await proof.AuthenticatorCodeAsync(user, code)
            || (await users.RedeemTwoFactorRecoveryCodeAsync(user, code.Trim())).Succeeded, ct);
        if (codeCheck != ProofOutcome.Ok)
        {
            return codeCheck == ProofOutcome.LockedOut ? LoginOutcome.LockedOut : LoginOutcome.Failed;
        }
        await signIn.SignInWithClaimsAsync(user, isPersistent: true, [new Claim(MfaClaim, "mfa")]);
        return LoginOutcome.Succeeded;
    }
}
