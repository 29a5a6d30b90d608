using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ZedOps.Manager.Features.Tokens;
using ZedOps.Manager.Features.Users;

namespace ZedOps.Manager.Tests.Features.Auth;

/// <summary>Issue 10 item 5: minting needs the password, tokens expire by default and end with the account's security changes.</summary>
public sealed class ApiTokenTests : ManagerTestBase
{
    [Fact]
    public async Task CreateToken_NeedsTheCurrentPassword_AndExpiresByDefault()
    {
        using (var bare = await Admin.PostAsJsonAsync("/api/tokens", new { name = "script" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
            Assert.Contains("currentPassword", await bare.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await Admin.PostAsJsonAsync("/api/tokens", new { name = "script", currentPassword = "not-the-password" })).StatusCode);

        using var created = await Admin.PostAsJsonAsync("/api/tokens", new { name = "script", currentPassword = ManagerHost.AdminPassword });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = (await created.Content.ReadFromJsonAsync<CreatedToken>())!;
        Assert.NotNull(token.ExpiresAt);
        Assert.InRange(token.ExpiresAt!.Value - token.CreatedAt, TimeSpan.FromDays(90) - TimeSpan.FromSeconds(1), TimeSpan.FromDays(90) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ApiToken_EndsWhenThePasswordIsResetOrChanged_OrTheAdminFlagChanges()
    {
        using var response = await Admin.PostAsJsonAsync("/api/users", new { username = "tess" });
        var user = (await response.Content.ReadFromJsonAsync<CreatedUser>())!;
        var password = user.GeneratedPassword!;

        using (var bearer = await TokenClientAsync("tess", password))
        {
            var reset = await (await Admin.PostAsync($"/api/users/{user.User.Id}/reset-password", null)).Content.ReadFromJsonAsync<PasswordResetResponse>();
            password = reset!.Password;
            Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/agents")).StatusCode);
        }
        using (var bearer = await TokenClientAsync("tess", password))
        {
            (await Admin.PutAsJsonAsync($"/api/users/{user.User.Id}/admin", new { isAdmin = true })).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/agents")).StatusCode);
        }
        using (var bearer = await TokenClientAsync("tess", password))
        {
            using var session = Manager.CreateAnonymousClient();
            (await session.PostAsJsonAsync("/api/auth/login", new { username = "tess", password })).EnsureSuccessStatusCode();
            (await session.PostAsJsonAsync("/api/auth/password", new { currentPassword = password, newPassword = "tess-new-password" })).EnsureSuccessStatusCode();
            Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/agents")).StatusCode);
        }
    }

    /// <summary>Logs in, makes a token with the password and returns a client that sends it (checked to work).</summary>
    private async Task<HttpClient> TokenClientAsync(string name, string password)
    {
        using var session = Manager.CreateAnonymousClient();
        (await session.PostAsJsonAsync("/api/auth/login", new { username = name, password })).EnsureSuccessStatusCode();
        using var created = await session.PostAsJsonAsync("/api/tokens", new { name = "script", currentPassword = password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var bearer = Manager.CreateAnonymousClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await created.Content.ReadFromJsonAsync<CreatedToken>())!.Token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/agents")).StatusCode);
        return bearer;
    }
}
