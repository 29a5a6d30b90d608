using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Tokens;
using ZedOps.Manager.Features.Users;

namespace ZedOps.Manager.Tests.Features.Users;

public sealed class UsersTests : ManagerTestBase
{
    [Fact]
    public async Task CreatedUser_LogsInWithTheShownPassword_AndIsNotAdmin()
    {
        var created = await CreateUserAsync("alice");
        using var alice = await LoginAsync("alice", created.GeneratedPassword!);

        var me = await alice.GetFromJsonAsync<MeResponse>("/api/auth/me");
        Assert.False(me!.IsAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/agents")).StatusCode);
    }

    [Fact]
    public async Task PasswordReset_EndsTheUsersOpenSessionAtOnce()
    {
        var created = await CreateUserAsync("bob");
        using var bob = await LoginAsync("bob", created.GeneratedPassword!);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/auth/me")).StatusCode);

        var reset = await (await Admin.PostAsync($"/api/users/{created.User.Id}/reset-password", null)).Content.ReadFromJsonAsync<PasswordResetResponse>();

        Assert.Equal(HttpStatusCode.Unauthorized, (await bob.GetAsync("/api/auth/me")).StatusCode);
        using var again = await LoginAsync("bob", reset!.Password);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task RemovedUser_TheirApiTokenStopsWorking()
    {
        var created = await CreateUserAsync("carol");
        using var carol = await LoginAsync("carol", created.GeneratedPassword!);
        var token = await (await carol.PostAsJsonAsync("/api/tokens", new { name = "script", currentPassword = created.GeneratedPassword })).Content.ReadFromJsonAsync<CreatedToken>();
        using var bearer = Manager.CreateAnonymousClient();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.Token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/agents")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/users/{created.User.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/agents")).StatusCode);
    }

    [Fact]
    public async Task GrantAdmin_TakesEffectOnTheNextCall()
    {
        var created = await CreateUserAsync("dave");
        using var dave = await LoginAsync("dave", created.GeneratedPassword!);
        Assert.Equal(HttpStatusCode.Forbidden, (await dave.GetAsync("/api/users")).StatusCode);

        (await Admin.PutAsJsonAsync($"/api/users/{created.User.Id}/admin", new { isAdmin = true })).EnsureSuccessStatusCode();

        // The stamp changed, so the old cookie is gone; a new login carries the role.
        Assert.Equal(HttpStatusCode.Unauthorized, (await dave.GetAsync("/api/users")).StatusCode);
        using var daveAgain = await LoginAsync("dave", created.GeneratedPassword!);
        Assert.Equal(HttpStatusCode.OK, (await daveAgain.GetAsync("/api/users")).StatusCode);
    }

    [Fact]
    public async Task AdminCannotDemoteOrRemoveThemselves()
    {
        var me = await Admin.GetFromJsonAsync<MeResponse>("/api/auth/me");
        Assert.Equal(HttpStatusCode.Conflict, (await Admin.PutAsJsonAsync($"/api/users/{me!.Id}/admin", new { isAdmin = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await Admin.DeleteAsync($"/api/users/{me.Id}")).StatusCode);
    }

    [Fact]
    public async Task ChangeOwnPassword_WrongCurrent400_RightCurrentWorks()
    {
        var created = await CreateUserAsync("erin");
        using var erin = await LoginAsync("erin", created.GeneratedPassword!);
        Assert.Equal(HttpStatusCode.BadRequest, (await erin.PostAsJsonAsync("/api/auth/password", new { currentPassword = "nope-nope", newPassword = "a-new-password" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await erin.PostAsJsonAsync("/api/auth/password", new { currentPassword = created.GeneratedPassword, newPassword = "a-new-password" })).StatusCode);
        using var again = await LoginAsync("erin", "a-new-password");
    }

    [Theory]
    [InlineData("")]
    [InlineData("admin")]
    public async Task CreateUser_BadOrDuplicateName_Returns400(string name)
    {
        using var response = await Admin.PostAsJsonAsync("/api/users", new { username = name });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<CreatedUser> CreateUserAsync(string name)
    {
        using var response = await Admin.PostAsJsonAsync("/api/users", new { username = name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedUser>())!;
    }

    private async Task<HttpClient> LoginAsync(string user, string password)
    {
        var client = Manager.CreateAnonymousClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { username = user, password });
        Assert.True(response.IsSuccessStatusCode, $"login of {user}: {(int)response.StatusCode}");
        return client;
    }
}
