using System.Security.Cryptography;

namespace ZedOps.Manager.Features.Auth;

/// <summary>RFC 6238 codes (HMAC-SHA1, 30 s steps, 6 digits) for a key that is not yet the account's: a re-key is
/// confirmed against the pending key while Identity's provider keeps checking the live one. Same drift window as
/// Identity's own check (±2 steps).</summary>
internal static class Totp
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static bool Verify(string base32Key, string code, DateTimeOffset now)
    {
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }
        var key = Base32(base32Key);
        var step = now.ToUnixTimeSeconds() / 30;
        for (var drift = -2; drift <= 2; drift++)
        {
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(key, step + drift)), System.Text.Encoding.ASCII.GetBytes(code)))
            {
                return true;
            }
        }
        return false;
    }

    internal static string Code(byte[] key, long step)
    {
        var counter = BitConverter.GetBytes(step);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }
#pragma warning disable CA5350 // RFC 6238 is defined over HMAC-SHA1, and authenticator apps use it.
        var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var value = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static byte[] Base32(string text)
    {
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            var index = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (index < 0)
            {
                continue; // spaces as some apps show the key
            }
            buffer = (buffer << 5) | index;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
                buffer &= (1 << bits) - 1;
            }
        }
        return [.. bytes];
    }
}
