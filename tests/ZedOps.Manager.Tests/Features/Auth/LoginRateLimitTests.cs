using System.Net;
using System.Net.Http.Json;

namespace ZedOps.Manager.Tests.Features.Auth;

public sealed class LoginRateLimitTests
{
    [Fact]
    public async Task Login_TooManyAttemptsFromOneClient_Returns429()
    {
        await using var manager = await ManagerHost.StartAsync(new ManagerHostOptions { LoginsPerMinute = 3, MaxFailedLogins = 100 });
        using var client = manager.CreateAnonymousClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "wrong-password" });
            statuses.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        manager.DeleteData();
    }
}
