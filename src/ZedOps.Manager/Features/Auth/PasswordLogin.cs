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

/// <summary>Password (with lockout) and, when the account has it, a TOTP or recovery code; signs in with the
/// Identity cookie and records the attempt in the audit log either way. Secrets never reach the log.</summary>
public sealed class PasswordLogin(SignInManager<ZedOpsUser> signIn, AuditLog audit)
{
    public const string MfaClaim = "amr";

    public async Task<LoginOutcome> SignInAsync(string? username, string? password, string? code, AuditActor origin, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
        {
            return LoginOutcome.Missing;
        }
        var user = await signIn.UserManager.FindByNameAsync(username);
        var outcome = user is null ? LoginOutcome.Failed : await CheckAsync(user, password, code);
        var actor = origin with { UserId = user?.Id, Name = username[..Math.Min(username.Length, 256)] };
        await audit.WriteAsync(actor, outcome == LoginOutcome.Succeeded ? AuditActions.LoginSucceeded : AuditActions.LoginFailed,
            username, outcome == LoginOutcome.Succeeded, outcome is LoginOutcome.LockedOut or LoginOutcome.TwoFactorRequired ? outcome.ToString() : null, ct);
        return outcome;
    }

    private async Task<LoginOutcome> CheckAsync(ZedOpsUser user, string password, string? code)
    {
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            return LoginOutcome.LockedOut;
        }
        if (!result.Succeeded)
        {
            return LoginOutcome.Failed;
        }
        if (!await signIn.UserManager.GetTwoFactorEnabledAsync(user))
        {
            await signIn.SignInAsync(user, isPersistent: true);
            return LoginOutcome.Succeeded;
        }
        if (string.IsNullOrWhiteSpace(code))
        {
            return LoginOutcome.TwoFactorRequired;
        }
        var digits = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var valid = await signIn.UserManager.VerifyTwoFactorTokenAsync(user, signIn.UserManager.Options.Tokens.AuthenticatorTokenProvider, digits)
            || (await signIn.UserManager.RedeemTwoFactorRecoveryCodeAsync(user, code.Trim())).Succeeded;
        if (!valid)
        {
            await signIn.UserManager.AccessFailedAsync(user);
            return await signIn.UserManager.IsLockedOutAsync(user) ? LoginOutcome.LockedOut : LoginOutcome.Failed;
        }
        await signIn.UserManager.ResetAccessFailedCountAsync(user);
        await signIn.SignInWithClaimsAsync(user, isPersistent: true, [new Claim(MfaClaim, "mfa")]);
        return LoginOutcome.Succeeded;
    }
}
