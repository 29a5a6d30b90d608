using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using ZedOps.Manager.Features.Auth;

namespace ZedOps.Manager.Tests.Features.Auth;

public sealed class TwoFactorTests : IAsyncLifetime
{
    private ManagerHost _manager = default!;

    public async Task InitializeAsync() => _manager = await ManagerHost.StartAsync();

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        _manager.DeleteData();
    }

    [Fact]
    public async Task Enrol_ThenLoginNeedsTheCode_AndARecoveryCodeWorksOnce()
    {
        using var admin = await _manager.CreateAdminClientAsync();
        var setup = await (await admin.PostAsync("/api/auth/2fa/setup", null)).Content.ReadFromJsonAsync<TwoFactorSetup>();
        Assert.StartsWith("otpauth://totp/", setup!.AuthenticatorUri, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/auth/2fa/enable", new { code = "000000" })).StatusCode);
        using var enable = await admin.PostAsJsonAsync("/api/auth/2fa/enable", new { code = Totp.Now(setup.SharedKey) });
        var codes = (await enable.Content.ReadFromJsonAsync<RecoveryCodes>())!.Codes;
        Assert.Equal(10, codes.Count);

        using var withoutCode = await Login(null);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Contains("two_factor_required", await withoutCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login("123456")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Login(Totp.Now(setup.SharedKey))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Login(codes[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login(codes[0])).StatusCode);
    }

    [Fact]
    public async Task RequiredForAdmins_AdminWithoutTwoFactorCanOnlyEnrol_ThenGetsAdminRights()
    {
        await _manager.DisposeAsync();
        _manager.DeleteData();
        _manager = await ManagerHost.StartAsync(new ManagerHostOptions { Settings = new Dictionary<string, string> { ["ZedOps:Login:RequireTwoFactorForAdmins"] = "true" } });
        using var admin = _manager.CreateAnonymousClient();
        (await admin.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = ManagerHost.AdminPassword })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Forbidden, (await admin.GetAsync("/api/users")).StatusCode);
        var setup = await (await admin.PostAsync("/api/auth/2fa/setup", null)).Content.ReadFromJsonAsync<TwoFactorSetup>();
        (await admin.PostAsJsonAsync("/api/auth/2fa/enable", new { code = Totp.Now(setup!.SharedKey) })).EnsureSuccessStatusCode();

        using var withCode = _manager.CreateAnonymousClient();
        (await withCode.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = ManagerHost.AdminPassword, twoFactorCode = Totp.Now(setup.SharedKey) }))
            .EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await withCode.GetAsync("/api/users")).StatusCode);
    }

    private async Task<HttpResponseMessage> Login(string? code) =>
        await _manager.CreateAnonymousClient().PostAsJsonAsync("/api/auth/login", new { username = "admin", password = ManagerHost.AdminPassword, twoFactorCode = code });

    /// <summary>RFC 6238 TOTP (SHA-1, 30 s, 6 digits) over a base32 key, as authenticator apps compute it.</summary>
    private static class Totp
    {
        public static string Now(string base32Key)
        {
            var key = Base32(base32Key);
            var counter = BitConverter.GetBytes(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
            if (BitConverter.IsLittleEndian)
            {
                Array.Reverse(counter);
            }
#pragma warning disable CA5350 // RFC 6238 TOTP is defined over HMAC-SHA1; authenticator apps use it.
            var hash = HMACSHA1.HashData(key, counter);
#pragma warning restore CA5350
            var offset = hash[^1] & 0x0F;
            var value = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
            return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        }

        private static byte[] Base32(string text)
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
            var bits = string.Concat(text.TrimEnd('=').ToUpperInvariant().Select(c => Convert.ToString(alphabet.IndexOf(c), 2).PadLeft(5, '0')));
            return [.. Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2))];
        }
    }
}
