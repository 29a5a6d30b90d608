using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;

namespace ZedOps.Manager.Tests.Features.Auth;

public sealed class AccountHardeningTests : ManagerTestBase
{
    protected override ManagerHostOptions? HostOptions => new() { MaxFailedLogins = 3 };

    [Theory]
    [InlineData("/\\evil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/servers?x=1", "/servers?x=1")]
    public async Task FormLogin_ReturnUrl_RedirectsOnlyToLocalPaths(string returnUrl, string expected)
    {
        using var client = LoginForm.CreateClient(Manager.BaseAddress);
        using var response = await LoginForm.PostAsync(client, "admin", ManagerHost.AdminPassword, returnUrl);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPasswordRepeatedly_Returns429EvenForTheRightOne()
    {
        var name = "pw-" + Guid.NewGuid().ToString("N")[..8];
        (await Admin.PostAsJsonAsync("/api/users", new { username = name, password = "the-right-password" })).EnsureSuccessStatusCode();
        using (var user = Manager.CreateAnonymousClient())
        {
            (await user.PostAsJsonAsync("/api/auth/login", new { username = name, password = "the-right-password" })).EnsureSuccessStatusCode();
            for (var i = 0; i < 3; i++)
            {
                using var wrong = await user.PostAsJsonAsync("/api/auth/password", new { currentPassword = $"guess-{i}-xx", newPassword = "a-new-password" });
                Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            }
            using var blocked = await user.PostAsJsonAsync("/api/auth/password", new { currentPassword = "the-right-password", newPassword = "a-new-password" });
            Assert.Equal(HttpStatusCode.TooManyRequests, blocked.StatusCode);
            Assert.Equal("application/problem+json", blocked.Content.Headers.ContentType?.MediaType);
        }
        await using var scope = Manager.Services.CreateAsyncScope();
        var failures = await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().AuditEvents
            .CountAsync(e => e.Action == "user.change_password" && !e.Succeeded);
        Assert.Equal(3, failures);
    }
}
