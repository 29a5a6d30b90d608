using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Tokens;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Tests.Features.Auth;

/// <summary>Issue 10 item 6: a stranger's wrong passwords lock out the stranger, not the account or its API tokens.</summary>
public sealed class LoginLockoutTests
{
    [Fact]
    public async Task WrongPasswordsFromOneAddress_LockOnlyThatAddress_AndApiTokensKeepWorking()
    {
        await using var manager = await ManagerHost.StartAsync(new ManagerHostOptions { MaxFailedLogins = 3 });
        using var admin = await manager.CreateAdminClientAsync();
        var token = await (await admin.PostAsJsonAsync("/api/tokens", new { name = "script", currentPassword = ManagerHost.AdminPassword }))
            .Content.ReadFromJsonAsync<CreatedToken>();
        using var stranger = manager.CreateClientFrom(IPAddress.Parse("127.0.0.2"));
        for (var i = 0; i < 3; i++)
        {
            using var _ = await stranger.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = $"guess-{i}" });
        }

        using var strangerAgain = await stranger.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = ManagerHost.AdminPassword });
        using var owner = await manager.CreateAnonymousClient().PostAsJsonAsync("/api/auth/login", new { username = "admin", password = ManagerHost.AdminPassword });
        using var bearer = manager.CreateAnonymousClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.Token);

        Assert.Equal(HttpStatusCode.Locked, strangerAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/auth/me")).StatusCode);
        manager.DeleteData();
    }

    [Fact]
    public void FailuresFromManyAddresses_SlowTheAccountDown_ButLockNoOtherAddress()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var throttle = new LoginThrottle(time, Options.Create(new ManagerOptions { Login = new LoginOptions { MaxFailedAttempts = 3, LockoutDuration = TimeSpan.FromMinutes(15) } }));
        var admin = Guid.NewGuid();

        for (var i = 0; i < 3; i++)
        {
            Assert.False(throttle.Failed(admin, $"10.0.0.{i}"));
        }
        Assert.Equal(TimeSpan.Zero, throttle.SlowDown(admin));
        for (var i = 3; i < 20; i++)
        {
            throttle.Failed(admin, $"10.0.0.{i}");
        }

        Assert.Equal(LoginThrottle.MaxSlowDown, throttle.SlowDown(admin));
        Assert.False(throttle.IsLockedOut(admin, "192.168.1.10"));
        Assert.Equal(TimeSpan.Zero, throttle.SlowDown(Guid.NewGuid()));
        time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(TimeSpan.Zero, throttle.SlowDown(admin));
    }
}
