using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Tests.Features.Servers;

public sealed class ServerConfigRightsTests : ManagerTestBase
{
    [Fact]
    public async Task UpdateConfig_OperatorSetsEnvOrTag_Returns403_GameSettingsPass()
    {
        var (_, server) = await ServerAsync();
        var (op, opId) = await Manager.CreateUserClientAsync(Admin, "op-" + Guid.NewGuid().ToString("N")[..8]);
        using var _ = op;
        await Admin.GrantAsync(opId, "operator", "server", server);

        using (var env = await op.PutAsJsonAsync($"/api/servers/{server}/config", new { config = new { maxPlayers = 16, extraEnv = new Dictionary<string, string> { ["LD_PRELOAD"] = "/tmp/x.so" } } }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, env.StatusCode);
        }
        using (var tag = await op.PutAsJsonAsync($"/api/servers/{server}/config", new { tag = "latest@sha256:0000" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, tag.StatusCode);
        }
        using var game = await op.PutAsJsonAsync($"/api/servers/{server}/config", new { config = new { maxPlayers = 20, publicName = "Fun" } });
        Assert.Equal(HttpStatusCode.OK, game.StatusCode);
    }

    [Theory]
    [InlineData("LD_PRELOAD", "/tmp/x.so", null)]
    [InlineData("BASH_ENV", "/tmp/x.sh", null)]
    [InlineData("JAVA_TOOL_OPTIONS", "-javaagent:/tmp/a.jar", null)]
    [InlineData("lower_case", "x", null)]
    [InlineData("TZ", "UTC\nEVIL=1", null)]
    [InlineData("ADMIN_PASSWORD", "x", null)]
    [InlineData("TZ", "UTC", "latest@sha256:0000")]
    [InlineData("TZ", "UTC", "../other")]
    public async Task UpdateConfig_AdminBadEnvOrTag_Returns400Problem_NothingSaved(string name, string value, string? tag)
    {
        var (_, server) = await ServerAsync();
        var before = (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server}"))!.Config.MaxPlayers;
        using var response = await Admin.PutAsJsonAsync($"/api/servers/{server}/config",
            new { tag, config = new { maxPlayers = 30, extraEnv = new Dictionary<string, string> { [name] = value } } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var view = await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server}");
        Assert.Equal(before, view!.Config.MaxPlayers);
        Assert.Equal("latest", view.Tag);
    }

    [Fact]
    public async Task UpdateConfig_AdminSetsEnv_AuditHasMaskedDiff_ViewerSeesNoValues()
    {
        var (_, server) = await ServerAsync();
        using var saved = await Admin.PutAsJsonAsync($"/api/servers/{server}/config",
            new { config = new { maxPlayers = 24, extraEnv = new Dictionary<string, string> { ["TZ"] = "Europe/Paris", ["DISCORD_TOKEN"] = "tok-very-secret" } } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        await using (var scope = Manager.Services.CreateAsyncScope())
        {
            var audit = await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().AuditEvents.SingleAsync(e => e.Action == "server.config");
            Assert.Contains("→ 24", audit.Details, StringComparison.Ordinal);
            Assert.Contains("env TZ: (unset) → \"Europe/Paris\"", audit.Details, StringComparison.Ordinal);
            Assert.Contains("env DISCORD_TOKEN: (unset) → ***", audit.Details, StringComparison.Ordinal);
            Assert.DoesNotContain("tok-very-secret", audit.Details, StringComparison.Ordinal);
        }

        var (viewer, viewerId) = await Manager.CreateUserClientAsync(Admin, "v-" + Guid.NewGuid().ToString("N")[..8]);
        using var _ = viewer;
        await Admin.GrantAsync(viewerId, "viewer", "server", server);
        foreach (var body in new[] { await viewer.GetStringAsync($"/api/servers/{server}"), await viewer.GetStringAsync("/api/servers") })
        {
            Assert.Contains("DISCORD_TOKEN", body, StringComparison.Ordinal);
            Assert.DoesNotContain("tok-very-secret", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Europe/Paris", body, StringComparison.Ordinal);
        }
    }

    private async Task<(Guid Agent, Guid Server)> ServerAsync()
    {
        var agent = await Manager.RegisterAgentAsync(Admin);
        var server = await Manager.AddServerRowAsync(agent.AgentId, "s" + Guid.NewGuid().ToString("N")[..10]);
        return (agent.AgentId, server);
    }
}
