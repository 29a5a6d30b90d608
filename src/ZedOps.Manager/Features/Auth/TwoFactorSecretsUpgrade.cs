using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;

namespace ZedOps.Manager.Features.Auth;

/// <summary>Rewrites two-factor secrets stored in clear by earlier versions (authenticator keys encrypted, recovery
/// codes hashed) once at start-up; the values stay the same, so nobody's authenticator app or codes stop working.
/// Idempotent: protected rows are left alone.</summary>
internal static partial class TwoFactorSecretsUpgrade
{
    public static async Task<int> RunAsync(ZedOpsDbContext db, TwoFactorSecrets secrets, ILogger logger, CancellationToken ct)
    {
        var rows = await db.Set<IdentityUserToken<Guid>>()
            .Where(t => t.LoginProvider == ProtectedUserStore.InternalLoginProvider
                && (t.Name == ProtectedUserStore.AuthenticatorKeyTokenName || t.Name == ProtectedUserStore.RecoveryCodeTokenName))
            .ToListAsync(ct);
        var changed = 0;
        foreach (var row in rows.Where(r => !string.IsNullOrEmpty(r.Value)))
        {
            var value = row.Name == ProtectedUserStore.AuthenticatorKeyTokenName
                ? (TwoFactorSecrets.IsProtectedKey(row.Value!) ? row.Value : secrets.ProtectKey(row.Value!))
                : string.Join(';', row.Value!.Split(';', StringSplitOptions.RemoveEmptyEntries)
                    .Select(c => TwoFactorSecrets.IsHashedCode(c) ? c : TwoFactorSecrets.HashCode(c)));
            if (value != row.Value)
            {
                row.Value = value;
                changed++;
            }
        }
        await db.SaveChangesAsync(ct);
        if (changed > 0)
        {
            LogUpgraded(logger, changed);
        }
        return changed;
    }

    [LoggerMessage(LogLevel.Information, "Protected {Count} two-factor secret(s) that an earlier version stored in clear")]
    private static partial void LogUpgraded(ILogger logger, int count);
}
