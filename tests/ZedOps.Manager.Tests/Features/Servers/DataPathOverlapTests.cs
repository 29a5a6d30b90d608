using System.Net;
using System.Net.Http.Json;
using ZedOps.Manager.Data;

namespace ZedOps.Manager.Tests.Features.Servers;

public sealed class DataPathOverlapTests : ManagerTestBase
{
    [Theory]
    [InlineData("/tmp/zedops-rows/{0}")]
    [InlineData("/tmp/zedops-rows/{0}/world")]
    [InlineData("/tmp/zedops-rows/")]
    [InlineData("/tmp//zedops-rows/{0}/")]
    public async Task CreateServer_DataPathOverlapsAnotherServer_Returns409NamingIt(string pathFormat)
    {
        var agent = await Manager.RegisterAgentAsync(Admin);
        await using (var scope = Manager.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
            (await db.Agents.FindAsync(agent.AgentId))!.DataRoot = "/tmp/zedops-root";
            await db.SaveChangesAsync();
        }
        var existing = "s" + Guid.NewGuid().ToString("N")[..10];
        await Manager.AddServerRowAsync(agent.AgentId, existing);

        using var response = await Admin.PostAsJsonAsync($"/api/agents/{agent.AgentId}/servers",
            new { name = "t" + Guid.NewGuid().ToString("N")[..10], profileId = "pz-sim", gamePort = 31000, udpPort = 31001, rconPort = 31002, dataPath = string.Format(System.Globalization.CultureInfo.InvariantCulture, pathFormat, existing) });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(existing, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/srv/a", "/srv/a/", true)]
    [InlineData("/srv/a", "/srv/a/b", true)]
    [InlineData("/srv/a/b", "/srv", true)]
    [InlineData("/srv/a", "/srv/ab", false)]
    [InlineData("/srv/a", "/srv/b", false)]
    public void Overlap_ComparesWholeSegments(string a, string b, bool expected) =>
        Assert.Equal(expected, ZedOps.Manager.Features.Servers.DataPaths.Overlap(a, b));
}
