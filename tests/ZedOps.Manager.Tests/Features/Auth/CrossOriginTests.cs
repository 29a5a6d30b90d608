using System.Net;
using System.Net.Http.Json;

namespace ZedOps.Manager.Tests.Features.Auth;

public sealed class CrossOriginTests : ManagerTestBase
{
    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task BodylessCookiePost_FromForeignSite_Returns403AndDoesNothing(string header, string value)
    {
        var agent = await Manager.RegisterAgentAsync(Admin);
        var server = await Manager.AddServerRowAsync(agent.AgentId, "s" + Guid.NewGuid().ToString("N")[..10]);
        foreach (var path in new[] { $"/api/servers/{server}/kill", $"/api/agents/{agent.AgentId}/servers/sync", "/api/auth/2fa/disable", "/api/auth/logout" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path);
            request.Headers.TryAddWithoutValidation(header, value);
            using var response = await Admin.SendAsync(request).DefaultTimeout();
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task SameOriginPost_AndBearerPost_AndPlainClient_StillWork()
    {
        using (var same = new HttpRequestMessage(HttpMethod.Post, "/api/tokens") { Content = JsonContent.Create(new { name = "t1", currentPassword = ManagerHost.AdminPassword }) })
        {
            same.Headers.TryAddWithoutValidation("Origin", Manager.BaseAddress.GetLeftPart(UriPartial.Authority));
            same.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
            using var response = await Admin.SendAsync(same).DefaultTimeout();
            Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        }
        using var created = await Admin.PostAsJsonAsync("/api/tokens", new { name = "t2", currentPassword = ManagerHost.AdminPassword });
        var token = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString();
        using var bearer = Manager.CreateAnonymousClient();
        using var withBearer = new HttpRequestMessage(HttpMethod.Post, "/api/tokens") { Content = JsonContent.Create(new { name = "t3", currentPassword = ManagerHost.AdminPassword }) };
        withBearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        withBearer.Headers.TryAddWithoutValidation("Origin", "https://evil.example");
        using var bearerResponse = await bearer.SendAsync(withBearer).DefaultTimeout();
        Assert.True(bearerResponse.IsSuccessStatusCode, bearerResponse.StatusCode.ToString());
    }

    [Fact]
    public async Task LoginForm_SameOrigin_LogsIn_ForeignOrigin_Refused()
    {
        var origin = Manager.BaseAddress.GetLeftPart(UriPartial.Authority);
        using (var client = LoginForm.CreateClient(Manager.BaseAddress))
        {
            using var ok = await LoginForm.PostAsync(client, "admin", ManagerHost.AdminPassword, "/servers", r =>
            {
                r.Headers.TryAddWithoutValidation("Origin", origin);
                r.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "same-origin");
            });
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
            Assert.Equal("/servers", ok.Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
        }
        using var foreign = LoginForm.CreateClient(Manager.BaseAddress);
        using var refused = await LoginForm.PostAsync(foreign, "admin", ManagerHost.AdminPassword, "/", r => r.Headers.TryAddWithoutValidation("Origin", "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}
