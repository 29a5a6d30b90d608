using System.Security.Cryptography;
using System.Text;

namespace ZedOps.Manager.Hosting;

/// <summary>Bearer secrets: 256 random bits with a readable prefix; only their SHA-256 is ever stored.</summary>
internal static class Secrets
{
    public const string RegistrationPrefix = "zreg_";
    public const string AgentPrefix = "zagt_";
    public const string ApiTokenPrefix = "zpat_";
    public const string InvitationPrefix = "zinv_";

    public static string NewToken(string prefix) => prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string NewPassword() => Base64Url(RandomNumberGenerator.GetBytes(15));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
