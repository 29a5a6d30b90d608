using System.Net;
using System.Net.Http.Json;
using ZedOps.Manager.Features.Audit;

namespace ZedOps.Manager.Tests.Features.Audit;

public sealed class AuditTests : ManagerTestBase
{
    [Fact]
    public async Task Query_ActionsAreRecordedNewestFirst_WithFiltersAndPaging()
    {
        var agent = await Manager.RegisterAgentAsync(Admin, "audited");
        (await Admin.DeleteAsync($"/api/agents/{agent.AgentId}")).EnsureSuccessStatusCode();

        var agentEvents = await Admin.GetFromJsonAsync<AuditPage>("/api/audit?action=agent.");
        Assert.Equal(["agent.revoke", "agent.register", "agent.registration_token"], agentEvents!.Items.Select(e => e.Action));
        Assert.All(agentEvents.Items, e => Assert.Equal("audited", e.Target?.Split(':')[1]));
        Assert.Equal("admin", agentEvents.Items[0].Actor);
        Assert.Equal("127.0.0.1", agentEvents.Items[0].RemoteIp);

        var paged = await Admin.GetFromJsonAsync<AuditPage>("/api/audit?pageSize=2&page=2");
        Assert.Equal(2, paged!.PageSize);
        Assert.True(paged.Total >= 4);
        Assert.Equal(2, paged.Items.Count);
    }

    [Fact]
    public async Task Query_NoSecretsInAnyRow()
    {
        var token = await Manager.CreateRegistrationTokenAsync(Admin, "secretive");
        using var anonymous = Manager.CreateAnonymousClient();
        (await anonymous.PostAsJsonAsync("/api/agents/register", new { token, name = "secretive" })).EnsureSuccessStatusCode();
        await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "wrong-secret-pw" });

        var all = await Admin.GetStringAsync("/api/audit?pageSize=200");

        Assert.DoesNotContain(token, all, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-pw", all, StringComparison.Ordinal);
        Assert.DoesNotContain(ManagerHost.AdminPassword, all, StringComparison.Ordinal);
        Assert.DoesNotContain("zagt_", all, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/audit?page=0")]
    [InlineData("/api/audit?pageSize=1000")]
    [InlineData("/api/audit?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    public async Task Query_BadParameters_Return400(string url)
    {
        using var response = await Admin.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Retention_RemovesOnlyRowsOlderThanTheSetting()
    {
        await using var manager = await ManagerHost.StartAsync(new ManagerHostOptions { Settings = new Dictionary<string, string> { ["ZedOps:AuditRetentionDays"] = "30" } });
        await using (var scope = manager.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZedOps.Manager.Data.ZedOpsDbContext>();
            db.AuditEvents.Add(new ZedOps.Manager.Data.Entities.AuditEventEntity { At = DateTimeOffset.UtcNow.AddDays(-31), Actor = "old", Action = "test.old", Succeeded = true });
            db.AuditEvents.Add(new ZedOps.Manager.Data.Entities.AuditEventEntity { At = DateTimeOffset.UtcNow.AddDays(-29), Actor = "recent", Action = "test.recent", Succeeded = true });
            await db.SaveChangesAsync();
        }
        var retention = manager.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<AuditRetention>().Single();

        Assert.Equal(1, await retention.PruneAsync(CancellationToken.None));

        using var admin = await manager.CreateAdminClientAsync();
        var left = await admin.GetFromJsonAsync<AuditPage>("/api/audit?action=test.");
        Assert.Equal(["test.recent"], left!.Items.Select(e => e.Action));
        manager.DeleteData();
    }

    [Fact]
    public async Task Query_NotAdmin_Returns401Or403()
    {
        using var anonymous = Manager.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/audit")).StatusCode);
    }
}
