using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Servers;
using ZedOps.Manager.Features.Users;

namespace ZedOps.Testing;

public static class ManagerHostExtensions
{
    /// <summary>Registers an agent through the API and returns its identity (for raw-socket tests).</summary>
    public static async Task<AgentRegistered> RegisterAgentAsync(this ManagerHost manager, HttpClient admin, string? name = null)
    {
        name ??= "a" + Guid.NewGuid().ToString("N")[..10];
        var token = await manager.CreateRegistrationTokenAsync(admin, name);
        using var anonymous = manager.CreateAnonymousClient();
        using var response = await anonymous.PostAsJsonAsync("/api/agents/register", new { token, name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AgentRegistered>())!;
    }

    public static Task WaitOnlineAsync(this ManagerHost manager, Guid agentId, bool online = true) =>
        Eventually.TrueAsync(() => (manager.Registry.State(agentId)?.Online ?? false) == online, $"agent {agentId} {(online ? "online" : "offline")}");

    public static async Task<AgentView> GetAgentAsync(this HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<AgentView>($"/api/agents/{id}"))!;

    /// <summary>Creates a user through the admin API and returns a client logged in as that user.</summary>
    public static async Task<(HttpClient Client, Guid Id)> CreateUserClientAsync(this ManagerHost manager, HttpClient admin, string name)
    {
        using var response = await admin.PostAsJsonAsync("/api/users", new { username = name });
        response.EnsureSuccessStatusCode();
        var created = (await response.Content.ReadFromJsonAsync<CreatedUser>())!;
        var client = manager.CreateAnonymousClient();
        (await client.PostAsJsonAsync("/api/auth/login", new { username = name, password = created.GeneratedPassword })).EnsureSuccessStatusCode();
        return (client, created.User.Id);
    }

    public static async Task<GrantView> GrantAsync(this HttpClient admin, Guid userId, string role, string scopeType, Guid? scopeId)
    {
        using var response = await admin.PostAsJsonAsync($"/api/users/{userId}/roles", new { role, scopeType, scopeId });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<GrantView>())!;
    }

    /// <summary>A catalogue row written straight to the database (no agent round trip): for rights tests that need
    /// servers to exist, not to run.</summary>
    public static async Task<Guid> AddServerRowAsync(this ManagerHost manager, Guid agentId, string name, ServerSecrets? secrets = null, int portBase = 40000,
        string status = ServerStatuses.Stopped)
    {
        await using var scope = manager.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var protector = scope.ServiceProvider.GetRequiredService<ServerSecretsProtector>();
        var offset = Random.Shared.Next(0, 5000) * 3;
        var row = new ServerEntity
        {
            Id = Guid.NewGuid(), AgentId = agentId, Name = name, ProfileId = "pz-sim", Image = "zedops/pz-sim", Tag = "latest",
            GamePort = portBase + offset, UdpPort = portBase + offset + 1, RconPort = portBase + offset + 2, DataPath = $"/tmp/zedops-rows/{name}", ConfigJson = "{}",
            ProtectedSecrets = protector.Protect(secrets ?? new ServerSecrets("admin-pw", "rcon-pw", null)), Status = status,
            StopTimeoutSeconds = 120, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Servers.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }
}
