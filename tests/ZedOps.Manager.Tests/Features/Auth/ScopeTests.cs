using System.Net;
using System.Net.Http.Json;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Servers;
using ZedOps.Manager.Features.Users;

namespace ZedOps.Manager.Tests.Features.Auth;

/// <summary>Grants by scope: the union of a user's grants decides, checked on every request.</summary>
public sealed class ScopeTests : IAsyncLifetime
{
    private ManagerHost _manager = default!;
    private HttpClient _admin = default!;
    private Guid _agentA;
    private Guid _agentB;
    private Guid _serverA;
    private Guid _serverB;
    private Guid _serverOnB;

    public async Task InitializeAsync()
    {
        _manager = await ManagerHost.StartAsync();
        _admin = await _manager.CreateAdminClientAsync();
        _agentA = (await _manager.RegisterAgentAsync(_admin, "agent-a")).AgentId;
        _agentB = (await _manager.RegisterAgentAsync(_admin, "agent-b")).AgentId;
        (_serverA, _serverB, _serverOnB) = (await AddServerAsync(_agentA, "alpha"), await AddServerAsync(_agentA, "bravo"), await AddServerAsync(_agentB, "charlie"));
    }

    public async Task DisposeAsync()
    {
        await _manager.DisposeAsync();
        _manager.DeleteData();
    }

    [Fact]
    public async Task OperatorOnServerA_CanControlA_CannotSeeOrTouchB()
    {
        var (user, userId) = await UserAsync("olivia");
        await GrantAsync(userId, "operator", "server", _serverA);

        var servers = await user.GetFromJsonAsync<List<ServerView>>("/api/servers");
        Assert.Equal(["alpha"], servers!.Select(s => s.Name));
        Assert.NotNull((await user.GetFromJsonAsync<ServerView>($"/api/servers/{_serverA}"))!.Secrets);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/api/servers/{_serverB}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync($"/api/servers/{_serverB}/start", null)).StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, (await user.PostAsync($"/api/servers/{_serverA}/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.DeleteAsync($"/api/servers/{_serverA}")).StatusCode);
    }

    [Fact]
    public async Task ViewerOnServer_SeesWithoutSecrets_CannotControl()
    {
        var (user, userId) = await UserAsync("victor");
        await GrantAsync(userId, "viewer", "server", _serverA);

        var view = await user.GetFromJsonAsync<ServerView>($"/api/servers/{_serverA}");
        Assert.Null(view!.Secrets);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync($"/api/servers/{_serverA}/stop", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PutAsJsonAsync($"/api/servers/{_serverA}/config", new { })).StatusCode);
    }

    [Fact]
    public async Task AgentScopeGrant_CoversItsServers_NotOtherAgents()
    {
        var (user, userId) = await UserAsync("agatha");
        await GrantAsync(userId, "viewer", "agent", _agentA);

        Assert.Equal(["alpha", "bravo"], (await user.GetFromJsonAsync<List<ServerView>>("/api/servers"))!.Select(s => s.Name).Order());
        Assert.Equal(["agent-a"], (await user.GetFromJsonAsync<List<ZedOps.Manager.Features.Agents.AgentView>>("/api/agents"))!.Select(a => a.Name));
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/api/servers/{_serverOnB}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/api/agents/{_agentB}")).StatusCode);
    }

    [Fact]
    public async Task NarrowGrantNeverRemovesABroadOne_AndRevocationBlocksTheNextCall()
    {
        var (user, userId) = await UserAsync("una");
        var global = await GrantAsync(userId, "operator", "global", null);
        await GrantAsync(userId, "viewer", "server", _serverA);
        Assert.NotEqual(HttpStatusCode.Forbidden, (await user.PostAsync($"/api/servers/{_serverA}/start", null)).StatusCode);

        (await _admin.DeleteAsync($"/api/users/{userId}/roles/{global.Id}")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync($"/api/servers/{_serverA}/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync($"/api/servers/{_serverA}")).StatusCode);
    }

    [Fact]
    public async Task NewGrant_TakesEffectOnTheNextCall()
    {
        var (user, userId) = await UserAsync("nina");
        await GrantAsync(userId, "viewer", "server", _serverA);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync($"/api/servers/{_serverA}/start", null)).StatusCode); // grants now cached

        await GrantAsync(userId, "operator", "server", _serverA);

        Assert.NotEqual(HttpStatusCode.Forbidden, (await user.PostAsync($"/api/servers/{_serverA}/start", null)).StatusCode);
    }

    [Theory]
    [InlineData("admin", "global", false)]
    [InlineData("operator", "planet", false)]
    [InlineData("operator", "server", false)]
    [InlineData("operator", "global", true)]
    public async Task Grant_BadRoleOrScope_Returns400(string role, string scopeType, bool withScopeId)
    {
        var (_, userId) = await UserAsync("bad-" + Guid.NewGuid().ToString("N")[..6]);
        using var response = await _admin.PostAsJsonAsync($"/api/users/{userId}/roles", new { role, scopeType, scopeId = withScopeId ? _serverA : (Guid?)null });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<GrantView> GrantAsync(Guid userId, string role, string scopeType, Guid? scopeId)
    {
        using var response = await _admin.PostAsJsonAsync($"/api/users/{userId}/roles", new { role, scopeType, scopeId });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<GrantView>())!;
    }

    private async Task<(HttpClient Client, Guid Id)> UserAsync(string name)
    {
        var created = await (await _admin.PostAsJsonAsync("/api/users", new { username = name })).Content.ReadFromJsonAsync<CreatedUser>();
        var client = _manager.CreateAnonymousClient();
        (await client.PostAsJsonAsync("/api/auth/login", new { username = name, password = created!.GeneratedPassword })).EnsureSuccessStatusCode();
        return (client, created.User.Id);
    }

    private async Task<Guid> AddServerAsync(Guid agentId, string name)
    {
        await using var scope = _manager.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var secrets = scope.ServiceProvider.GetRequiredService<ServerSecretsProtector>();
        var row = new ServerEntity
        {
            Id = Guid.NewGuid(), AgentId = agentId, Name = name, ProfileId = "pz-sim", Image = "zedops/pz-sim", Tag = "latest",
            GamePort = 40000 + name.Length, UdpPort = 40100 + name.Length, RconPort = 40200 + name.Length, DataPath = $"/tmp/zedops-scope/{name}", ConfigJson = "{}",
            ProtectedSecrets = secrets.Protect(new ServerSecrets("admin-pw", "rcon-pw", null)), Status = ServerStatuses.Stopped, StopTimeoutSeconds = 120,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Servers.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }
}
