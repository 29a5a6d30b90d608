using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ZedOps.Manager.Features.Agents;

namespace ZedOps.Manager.Tests.Features.Agents;

public sealed class RegistrationTests : ManagerTestBase
{
    [Fact]
    public async Task Register_ValidToken_ReturnsAgentTokenOnce()
    {
        var token = await Manager.CreateRegistrationTokenAsync(Admin, "alice-pc");
        using var anonymous = Manager.CreateAnonymousClient();

        using var response = await anonymous.PostAsJsonAsync("/api/agents/register", new { token, name = "alice-pc" }).DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<AgentRegistered>();
        Assert.StartsWith("zagt_", body!.AgentToken, StringComparison.Ordinal);
        Assert.True(body.AgentToken.Length >= 43, "256-bit token expected");
        var agents = await Admin.GetFromJsonAsync<List<AgentView>>("/api/agents");
        var agent = Assert.Single(agents!);
        Assert.Equal("alice-pc", agent.Name);
        Assert.Equal("offline", agent.Status);
        Assert.DoesNotContain(body.AgentToken, await Admin.GetStringAsync("/api/agents"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Register_ReusedToken_Returns401SayingUsed()
    {
        var token = await Manager.CreateRegistrationTokenAsync(Admin);
        using var anonymous = Manager.CreateAnonymousClient();
        (await anonymous.PostAsJsonAsync("/api/agents/register", new { token, name = "first" })).EnsureSuccessStatusCode();

        using var second = await anonymous.PostAsJsonAsync("/api/agents/register", new { token, name = "second" });

        await AssertRefusedAsync(second, HttpStatusCode.Unauthorized, "TokenUsed", "already used");
    }

    [Fact]
    public async Task Register_UnknownToken_Returns401SayingUnknown()
    {
        using var anonymous = Manager.CreateAnonymousClient();
        using var response = await anonymous.PostAsJsonAsync("/api/agents/register", new { token = "zreg_nonsense", name = "ghost" });
        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "UnknownToken", "unknown");
    }

    [Fact]
    public async Task Register_ExpiredToken_Returns401SayingExpired()
    {
        var token = await Manager.CreateRegistrationTokenAsync(Admin);
        await using (var scope = Manager.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZedOps.Manager.Data.ZedOpsDbContext>();
            var row = db.RegistrationTokens.Single();
            row.ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1);
            await db.SaveChangesAsync();
        }
        using var anonymous = Manager.CreateAnonymousClient();
        using var response = await anonymous.PostAsJsonAsync("/api/agents/register", new { token, name = "late" });
        await AssertRefusedAsync(response, HttpStatusCode.Unauthorized, "TokenExpired", "expired");
    }

    [Theory]
    [InlineData("A-upper")]
    [InlineData("ab")]
    [InlineData("1starts-with-digit")]
    [InlineData("has space")]
    [InlineData("way-too-long-name-for-an-agent-abcdef")]
    public async Task Register_InvalidName_Returns400AndKeepsToken(string name)
    {
        var token = await Manager.CreateRegistrationTokenAsync(Admin);
        using var anonymous = Manager.CreateAnonymousClient();
        using var bad = await anonymous.PostAsJsonAsync("/api/agents/register", new { token, name });
        await AssertRefusedAsync(bad, HttpStatusCode.BadRequest, "InvalidName", "lowercase");
        using var good = await anonymous.PostAsJsonAsync("/api/agents/register", new { token, name = "valid-name" });
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Fact]
    public async Task Register_DuplicateName_Returns409()
    {
        using var anonymous = Manager.CreateAnonymousClient();
        var first = await Manager.CreateRegistrationTokenAsync(Admin);
        (await anonymous.PostAsJsonAsync("/api/agents/register", new { token = first, name = "twin" })).EnsureSuccessStatusCode();
        var second = await Manager.CreateRegistrationTokenAsync(Admin);
        using var response = await anonymous.PostAsJsonAsync("/api/agents/register", new { token = second, name = "twin" });
        await AssertRefusedAsync(response, HttpStatusCode.Conflict, "NameTaken", "already exists");
    }

    [Fact]
    public async Task CreateRegistrationToken_NotLoggedIn_Returns401()
    {
        using var anonymous = Manager.CreateAnonymousClient();
        using var response = await anonymous.PostAsJsonAsync("/api/agents/registration-tokens", new { name = "x-agent" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CreateRegistrationToken_ReturnsCommandAndOneHourExpiry()
    {
        using var response = await Admin.PostAsJsonAsync("/api/agents/registration-tokens", new { name = "bob-box" });
        var body = await response.Content.ReadFromJsonAsync<RegistrationTokenResponse>();
        Assert.Contains($"--token {body!.Token}", body.Command, StringComparison.Ordinal);
        Assert.Contains("--name bob-box", body.Command, StringComparison.Ordinal);
        Assert.InRange(body.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string reason, string detailFragment)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(reason, problem.RootElement.GetProperty("reason").GetString());
        Assert.Contains(detailFragment, problem.RootElement.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }
}
