using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Auth;

public enum ProofOutcome
{
    Ok,
    Missing,
    Wrong,
    LockedOut,
}

/// <summary>Proof that the person at a signed-in session is the account's owner, asked before changes a stolen
/// session must not make (a new API token, a new two-factor key, turning two-factor off). Every check, like a login,
/// goes through <see cref="LoginThrottle"/>, so these are no password oracle either.</summary>
internal sealed class AccountProof(UserManager<ZedOpsUser> users, LoginThrottle throttle, TimeProvider time)
{
    /// <summary>The password, plus an authenticator code when the account has two-factor on.</summary>
    public async Task<ProofOutcome> PasswordAndCodeAsync(ZedOpsUser user, string? password, string? code, string? address, CancellationToken ct)
    {
        var twoFactor = await users.GetTwoFactorEnabledAsync(user);
        if (string.IsNullOrEmpty(password) || (twoFactor && string.IsNullOrWhiteSpace(code)))
        {
            return ProofOutcome.Missing;
        }
        return await GuardAsync(user, address, async () => await users.CheckPasswordAsync(user, password) && (!twoFactor || await AuthenticatorCodeAsync(user, code)), ct);
    }

    /// <summary>The password, or a current authenticator code when the account has two-factor on.</summary>
    public async Task<ProofOutcome> PasswordOrCodeAsync(ZedOpsUser user, string? password, string? code, string? address, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(password) && string.IsNullOrWhiteSpace(code))
        {
            return ProofOutcome.Missing;
        }
        var twoFactor = await users.GetTwoFactorEnabledAsync(user);
        return await GuardAsync(user, address, async () =>
            (!string.IsNullOrEmpty(password) && await users.CheckPasswordAsync(user, password))
            || (twoFactor && !string.IsNullOrWhiteSpace(code) && await AuthenticatorCodeAsync(user, code)), ct);
    }

    /// <summary>Runs a credential check under the (account, address) lockout and the account's slow-down. A success
    /// clears the pair's failures only when it <paramref name="completes"/> the proof: a right password followed by
    /// wrong codes must still lock out.</summary>
    public async Task<ProofOutcome> GuardAsync(ZedOpsUser user, string? address, Func<Task<bool>> check, CancellationToken ct, bool completes = true)
    {
        if (throttle.IsLockedOut(user.Id, address))
        {
            return ProofOutcome.LockedOut;
        }
        await Task.Delay(throttle.SlowDown(user.Id), time, ct);
        if (await check())
        {
            if (completes)
            {
                throttle.Succeeded(user.Id, address);
            }
            return ProofOutcome.Ok;
        }
        return throttle.Failed(user.Id, address) ? ProofOutcome.LockedOut : ProofOutcome.Wrong;
    }

    public Task<bool> AuthenticatorCodeAsync(ZedOpsUser user, string? code) =>
        users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, Digits(code));

    public static string Digits(string? code) => (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    /// <summary>The problem a failed proof answers with; <paramref name="missing"/> says what to send.</summary>
    public static ProblemHttpResult Problem(ProofOutcome outcome, string missing, ManagerOptions options) => TypedResults.Problem(
        statusCode: outcome switch
        {
            ProofOutcome.Missing => StatusCodes.Status400BadRequest,
            ProofOutcome.LockedOut => StatusCodes.Status423Locked,
            _ => StatusCodes.Status403Forbidden,
        },
        title: outcome switch
        {
            ProofOutcome.Missing => "Proof of identity needed",
            ProofOutcome.LockedOut => "Account locked",
            _ => "Wrong password or code",
        },
        detail: Message(outcome, missing, options));

    /// <summary>What to tell the user (the problem's detail; the UI shows it as is).</summary>
    public static string Message(ProofOutcome outcome, string missing, ManagerOptions options) => outcome switch
    {
        ProofOutcome.Missing => missing,
        ProofOutcome.LockedOut => AuthEndpoints.LockedMessage(options),
        _ => "The current password or two-factor code is wrong.",
    };
}

/// <summary>A refused proof; the message says what to send (shown for <see cref="ProofOutcome.Missing"/>).</summary>
public sealed class ProofFailedException(ProofOutcome outcome, string missing) : Exception(missing)
{
    public ProofOutcome Outcome { get; } = outcome;
}
