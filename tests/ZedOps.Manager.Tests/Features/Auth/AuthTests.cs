using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Tokens;

namespace ZedOps.Manager.Tests.Features.Auth;

public sealed class AuthTests : IAsyncLifetime
{
    private ManagerHost _manager = default!;

    public async Task InitializeAsync() => _manager = await ManagerHost.StartAsync(new ManagerHostOptions { MaxFailedLogins = 3 });

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        _manager.DeleteData();
    }

    [Theory]
    [InlineData("GET", "/api/agents")]
    [InlineData("GET", "/api/agents/00000000-0000-0000-0000-000000000001")]
    [InlineData("POST", "/api/agents/00000000-0000-0000-0000-000000000001/ping")]
    [InlineData("DELETE", "/api/agents/00000000-0000-0000-0000-000000000001")]
    [InlineData("POST", "/api/agents/registration-tokens")]
    [InlineData("GET", "/api/tokens")]
    [InlineData("POST", "/api/tokens")]
    [InlineData("DELETE", "/api/tokens/00000000-0000-0000-0000-000000000001")]
    [InlineData("GET", "/api/auth/me")]
    [InlineData("POST", "/api/auth/logout")]
    public async Task ApiRoute_Anonymous_Returns401(string method, string path)
    {
        using var client = _manager.CreateAnonymousClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) };
        using var response = await client.SendAsync(request).DefaultTimeout();
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Login_RightPassword_SetsCookieForMe_AndLogoutEndsIt()
    {
        using var client = _manager.CreateAnonymousClient();
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = ManagerHost.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("zedops.auth=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        var me = await client.GetFromJsonAsync<ZedOps.Manager.Features.Auth.MeResponse>("/api/auth/me");
        Assert.True(me!.IsAdmin);

        (await client.PostAsync("/api/auth/logout", null)).EnsureSuccessStatusCode();

        using var after = await client.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Login_WrongPassword_Returns401ProblemAndAudits()
    {
        using var client = _manager.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "nope-nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var scope = _manager.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().AuditEvents.ToListAsync();
        var failed = Assert.Single(audit, e => e.Action == "auth.login_failed");
        Assert.False(failed.Succeeded);
        Assert.DoesNotContain(audit, e => (e.Details ?? "").Contains("nope-nope", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Login_RepeatedFailures_LocksOutEvenTheRightPassword()
    {
        using var client = _manager.CreateAnonymousClient();
        for (var i = 0; i < 3; i++)
        {
            using var _ = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = $"wrong-{i}" });
        }

        using var locked = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = ManagerHost.AdminPassword });

        Assert.Equal(HttpStatusCode.Locked, locked.StatusCode);
        var problem = await locked.Content.ReadFromJsonAsync<Microsoft.AspNetCore.Mvc.ProblemDetails>();
        Assert.Contains("locked", problem!.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Login_MissingFields_Returns400()
    {
        using var client = _manager.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { username = "admin" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ApiToken_UsedAsBearer_ActsAsOwnerUntilDeleted()
    {
        using var admin = await _manager.CreateAdminClientAsync();
        using var created = await admin.PostAsJsonAsync("/api/tokens", new { name = "script", currentPassword = ManagerHost.AdminPassword });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = (await created.Content.ReadFromJsonAsync<CreatedToken>())!;
        using var bearer = _manager.CreateAnonymousClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);

        using var agents = await bearer.GetAsync("/api/agents");
        Assert.Equal(HttpStatusCode.OK, agents.StatusCode);
        var listed = await admin.GetStringAsync("/api/tokens");
        Assert.Contains("script", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Token, listed, StringComparison.Ordinal);
        var views = await admin.GetFromJsonAsync<List<TokenView>>("/api/tokens");
        Assert.NotNull(Assert.Single(views!).LastUsedAt);

        (await admin.DeleteAsync($"/api/tokens/{token.Id}")).EnsureSuccessStatusCode();
        using var after = await bearer.GetAsync("/api/agents");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task ApiToken_Expired_Returns401()
    {
        using var admin = await _manager.CreateAdminClientAsync();
        var token = (await (await admin.PostAsJsonAsync("/api/tokens", new { name = "short", expiresAt = DateTimeOffset.UtcNow.AddMinutes(5), currentPassword = ManagerHost.AdminPassword }))
            .Content.ReadFromJsonAsync<CreatedToken>())!;
        await using (var scope = _manager.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
            await db.ApiTokens.ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1)));
        }
        using var bearer = _manager.CreateAnonymousClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        using var response = await bearer.GetAsync("/api/agents");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("past", "2000-01-01T00:00:00Z")]
    public async Task CreateToken_BadInput_Returns400(string name, string? expiresAt)
    {
        using var admin = await _manager.CreateAdminClientAsync();
        using var response = await admin.PostAsJsonAsync("/api/tokens", new { name, expiresAt = expiresAt is null ? (DateTimeOffset?)null : DateTimeOffset.Parse(expiresAt, System.Globalization.CultureInfo.InvariantCulture), currentPassword = ManagerHost.AdminPassword });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task AdminRoutes_NonAdminUser_Returns403()
    {
        await using (var scope = _manager.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ZedOpsUser>>();
            Assert.True((await users.CreateAsync(new ZedOpsUser { UserName = "viewer1" }, "viewer-password")).Succeeded);
        }
        using var client = _manager.CreateAnonymousClient();
        (await client.PostAsJsonAsync("/api/auth/login", new { username = "viewer1", password = "viewer-password" })).EnsureSuccessStatusCode();

        using var create = await client.PostAsJsonAsync("/api/agents/registration-tokens", new { });
        using var revoke = await client.DeleteAsync($"/api/agents/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, revoke.StatusCode);
    }

    [Fact]
    public async Task OpenApi_DescribesTheApi()
    {
        using var client = _manager.CreateAnonymousClient();
        var document = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"/api/servers/{id}\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/api/agents/register\"", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_Anonymous_ReportsDatabase()
    {
        using var client = _manager.CreateAnonymousClient();
        var health = await client.GetFromJsonAsync<ZedOps.Manager.Features.Health.HealthResponse>("/health");
        Assert.Equal("ok", health!.Status);
        Assert.Equal("Sqlite", health.Database);
    }
}
