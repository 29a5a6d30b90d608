using System.Net.Http.Json;
using ZedOps.Manager.Features.Agents;

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
}
