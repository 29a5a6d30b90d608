using System.Net;
using System.Net.Http.Json;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Containers;

namespace ZedOps.Manager.Tests.Features.Auth;

/// <summary>Generated from the live route table: an operator of server S1 calls every server and container route
/// with S2 — a second server on the same agent — and its container by name, full id and id prefix. Every call is
/// refused (403/404) and the container list never shows S2; the same GET routes on S1 are allowed, so the matrix
/// can fail. A new server or container route is covered without being listed here.</summary>
[Trait("Category", "Docker")]
public sealed class ServerScopeMatrixTests : ManagerWithAgentTestBase
{
    [DockerFact]
    public async Task ServerOperator_EveryServerAndContainerRoute_OnAnotherServerOfTheSameAgent_Refused()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (mine, mineContainer) = await ServerAsync($"one-{suffix}");
        var (other, otherContainer) = await ServerAsync($"two-{suffix}");
        var otherId = (await Admin.GetFromJsonAsync<ContainerSummary>($"/api/agents/{AgentId}/containers/{otherContainer}"))!.Id;
        var (user, userId) = await Manager.CreateUserClientAsync(Admin, "op-" + suffix);
        await Admin.GrantAsync(userId, "operator", "server", mine);

        var routes = ApiRouteTable.Routes(Manager).Where(r => r.Pattern.StartsWith("/api/servers/{id", StringComparison.Ordinal)
            || r.Pattern.Contains("/containers/{containerId}", StringComparison.Ordinal)).ToList();
        Assert.True(routes.Count > 15, $"expected the server and container routes, found {routes.Count}");
        var failures = new List<string>();
        foreach (var (method, pattern, _) in routes)
        {
            foreach (var container in new[] { otherContainer, otherId, otherId[..12] })
            {
                var url = ApiRouteTable.Concrete(pattern, new Dictionary<string, string>
                {
                    ["id"] = other.ToString(), ["agentId"] = AgentId.ToString(), ["containerId"] = container,
                });
                var status = await ApiRouteTable.SendAsync(user, method, url);
                if (status is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
                {
                    failures.Add($"{method} {url}: {(int)status} for an operator of another server");
                }
            }
            if (method == "GET")
            {
                var own = ApiRouteTable.Concrete(pattern, new Dictionary<string, string>
                {
                    ["id"] = mine.ToString(), ["agentId"] = AgentId.ToString(), ["containerId"] = mineContainer,
                });
                var status = await ApiRouteTable.SendAsync(user, method, own);
                // A made-up id of something inside the server (a backup) is rightly not found; a refusal never is right.
                var namesMore = pattern.Contains("{backupId", StringComparison.Ordinal);
                if (status is HttpStatusCode.Forbidden || status is HttpStatusCode.NotFound && !namesMore)
                {
                    failures.Add($"{method} {own}: {(int)status} for the server's own operator");
                }
            }
        }
        var listed = await user.GetFromJsonAsync<List<ContainerSummary>>($"/api/agents/{AgentId}/containers?all=true");
        if (listed!.Select(c => c.Name).ToList() is var names && !names.SequenceEqual([mineContainer]))
        {
            failures.Add($"container list shows {string.Join(", ", names)}");
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private async Task<(Guid Id, string Container)> ServerAsync(string name)
    {
        var id = await Manager.AddServerRowAsync(AgentId, name);
        var container = ServerSpecs.ContainerName(name);
        await Docker.CreateAsync(["sh", "-c", "echo hello; trap 'exit 0' TERM; while true; do sleep 0.1; done"], name: container,
            extraLabels: new Dictionary<string, string> { ["zedops.server.id"] = id.ToString() });
        return (id, container);
    }
}
