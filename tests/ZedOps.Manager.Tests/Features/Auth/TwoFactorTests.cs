using System.Net;
using System.Net.Http.Json;
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
        var setup = await (await admin.PostAsJsonAsync("/api/auth/2fa/setup", new { currentPassword = ManagerHost.AdminPassword })).Content.ReadFromJsonAsync<TwoFactorSetup>();
        Assert.StartsWith("otpauth://totp/", setup!.AuthenticatorUri, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/auth/2fa/enable", new { code = "000000" })).StatusCode);
        using var enable = await admin.PostAsJsonAsync("/api/auth/2fa/enable", new { code = TestTotp.Now(setup.SharedKey) });
        var codes = (await enable.Content.ReadFromJsonAsync<RecoveryCodes>())!.Codes;
        Assert.Equal(10, codes.Count);

        using var withoutCode = await Login(null);
        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Contains("two_factor_required", await withoutCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login("123456")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Login(TestTotp.Now(setup.SharedKey))).StatusCode);
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
        var setup = await (await admin.PostAsJsonAsync("/api/auth/2fa/setup", new { currentPassword = ManagerHost.AdminPassword })).Content.ReadFromJsonAsync<TwoFactorSetup>();
        (await admin.PostAsJsonAsync("/api/auth/2fa/enable", new { code = TestTotp.Now(setup!.SharedKey) })).EnsureSuccessStatusCode();

        using var withCode = _manager.CreateAnonymousClient();
        (await withCode.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = ManagerHost.AdminPassword, twoFactorCode = TestTotp.Now(setup.SharedKey) }))
            .EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await withCode.GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task Setup_WhileEnabled_NeedsProof_AndTheOldKeyWorksUntilTheNewOneIsConfirmed()
    {
        using var admin = await _manager.CreateAdminClientAsync();
        var oldKey = await EnrolAsync(admin);

        using (var bare = await admin.PostAsJsonAsync("/api/auth/2fa/setup", new { }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
            Assert.Equal("application/problem+json", bare.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync("/api/auth/2fa/setup", new { currentPassword = "not-the-password" })).StatusCode);
        using var rekey = await admin.PostAsJsonAsync("/api/auth/2fa/setup", new { code = TestTotp.Now(oldKey) });
        Assert.Equal(HttpStatusCode.OK, rekey.StatusCode);
        var newKey = (await rekey.Content.ReadFromJsonAsync<TwoFactorSetup>())!.SharedKey;
        Assert.NotEqual(oldKey, newKey);

        Assert.Equal(HttpStatusCode.OK, (await Login(TestTotp.Now(oldKey))).StatusCode);
        (await admin.PostAsJsonAsync("/api/auth/2fa/enable", new { code = TestTotp.Now(newKey) })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await Login(TestTotp.Now(newKey))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Login(TestTotp.Now(oldKey))).StatusCode);
    }

    [Fact]
    public async Task Disable_NeedsThePasswordOrACurrentCode()
    {
        using var first = await _manager.CreateAdminClientAsync();
        var key = await EnrolAsync(first);
        using var admin = _manager.CreateAnonymousClient();
        (await admin.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = ManagerHost.AdminPassword, twoFactorCode = TestTotp.Now(key) })).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/auth/2fa/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync("/api/auth/2fa/disable", new { code = "000000", currentPassword = "wrong-password" })).StatusCode);
        Assert.True((await admin.GetFromJsonAsync<TwoFactorStatus>("/api/auth/2fa"))!.Enabled);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync("/api/auth/2fa/disable", new { code = TestTotp.Now(key) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Login(null)).StatusCode);
    }

    private static async Task<string> EnrolAsync(HttpClient client)
    {
        using var setup = await client.PostAsJsonAsync("/api/auth/2fa/setup", new { currentPassword = ManagerHost.AdminPassword });
        var key = (await setup.Content.ReadFromJsonAsync<TwoFactorSetup>())!.SharedKey;
        (await client.PostAsJsonAsync("/api/auth/2fa/enable", new { code = TestTotp.Now(key) })).EnsureSuccessStatusCode();
        return key;
    }

    private async Task<HttpResponseMessage> Login(string? code) =>
        await _manager.CreateAnonymousClient().PostAsJsonAsync("/api/auth/login", new { username = "admin", password = ManagerHost.AdminPassword, twoFactorCode = code });
}
