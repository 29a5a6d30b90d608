using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace ZedOps.Manager.Features.Auth;

/// <summary>How two-factor secrets are kept at rest (issue 10 item 8): authenticator keys encrypted with Data
/// Protection (keys in the data dir, as for server secrets), recovery codes as salted PBKDF2 hashes. Values written
/// before this existed (a clear key, clear codes) are still read, and <see cref="TwoFactorSecretsUpgrade"/> rewrites
/// them at start-up.</summary>
internal sealed class TwoFactorSecrets(IDataProtectionProvider provider)
{
    private const string KeyPrefix = "dp1.";
    private const string CodePrefix = "h1.";
    private const int Iterations = 10_000; // codes are 50 random bits: this makes an offline search of a stolen database infeasible
    private readonly IDataProtector _protector = provider.CreateProtector("ZedOps.TwoFactorKeys.v1");

    public static bool IsProtectedKey(string value) => value.StartsWith(KeyPrefix, StringComparison.Ordinal);

    public static bool IsHashedCode(string value) => value.StartsWith(CodePrefix, StringComparison.Ordinal);

    public string ProtectKey(string key) => KeyPrefix + _protector.Protect(key);

    /// <summary>A base32 authenticator key is never written with the prefix, so an unprefixed value is a legacy clear key.</summary>
    public string? UnprotectKey(string? stored) =>
        stored is not null && IsProtectedKey(stored) ? _protector.Unprotect(stored[KeyPrefix.Length..]) : stored;

    public static string HashCode(string code)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return $"{CodePrefix}{Convert.ToBase64String(salt)}.{Convert.ToBase64String(Derive(code, salt))}";
    }

    public static bool CodeMatches(string stored, string code)
    {
        if (!IsHashedCode(stored))
        {
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stored), Encoding.UTF8.GetBytes(code));
        }
        var parts = stored[CodePrefix.Length..].Split('.');
        return parts.Length == 2 && CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(parts[1]), Derive(code, Convert.FromBase64String(parts[0])));
    }

    private static byte[] Derive(string code, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(code, salt, Iterations, HashAlgorithmName.SHA256, 32);
}
