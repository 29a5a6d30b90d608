using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;

namespace ZedOps.Manager.Tests.Features.Auth;

public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task BehindTrustedProxy_ClientsGetOwnRateLimitBuckets_AuditShowsClient_CookieSecureOverHttps()
    {
        await using var manager = await ManagerHost.StartAsync(new ManagerHostOptions
        {
            LoginsPerMinute = 2, MaxFailedLogins = 100, Settings = new Dictionary<string, string> { ["ZedOps:TrustedProxies"] = "127.0.0.1, 10.0.0.0/8" },
        });
        using var client = manager.CreateAnonymousClient();
        for (var i = 0; i < 2; i++)
        {
            using var wrong = await LoginAsync(client, "wrong-password", "203.0.113.7");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }
        using (var limited = await LoginAsync(client, "wrong-password", "203.0.113.7"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }
        using var other = await LoginAsync(client, ManagerHost.AdminPassword, "198.51.100.9", proto: "https");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Contains(other.Headers.GetValues("Set-Cookie"), c => c.StartsWith("zedops.auth=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));

        await using var scope = manager.Services.CreateAsyncScope();
        var events = await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().AuditEvents.Where(e => e.Action.StartsWith("auth.login")).ToListAsync();
        Assert.Contains(events, e => e.Action == "auth.login_failed" && e.RemoteIp == "203.0.113.7");
        Assert.Contains(events, e => e.Action == "auth.login" && e.RemoteIp == "198.51.100.9");
        manager.DeleteData();
    }

    [Fact]
    public async Task WithoutTrustedProxies_ForwardedHeadersAreIgnored()
    {
        await using var manager = await ManagerHost.StartAsync();
        using var client = manager.CreateAnonymousClient();
        using var response = await LoginAsync(client, ManagerHost.AdminPassword, "203.0.113.7", proto: "https");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("zedops.auth=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        await using var scope = manager.Services.CreateAsyncScope();
        var login = await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().AuditEvents.SingleAsync(e => e.Action == "auth.login");
        Assert.Equal("127.0.0.1", login.RemoteIp);
        manager.DeleteData();
    }

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient client, string password, string forwardedFor, string proto = "http")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { username = "admin", password }) };
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", proto);
        return await client.SendAsync(request).DefaultTimeout();
    }
}
