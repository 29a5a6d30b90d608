using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Tests.Features.Backups;

/// <summary>A backup that cannot be taken now is refused at once with the reason, never queued and lost silently.</summary>
[Trait("Category", "Docker")]
public sealed class BackupRefusalTests : ManagerWithAgentTestBase
{
    [DockerFact]
    public async Task BackupWhileAnotherOperationRuns_Refused409NamingIt_ThenTakenOnceItEnds()
    {
        var server = await CreateRunningPzSimAsync("br");
        var operations = Manager.Services.GetRequiredService<ServerOperations>();
        Assert.True(operations.TryBegin(server.Id, "restart"));
        try
        {
            using var refused = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/backups", new { });

            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            var problem = (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!;
            Assert.Contains("busy (restart)", problem.Detail, StringComparison.Ordinal);
        }
        finally
        {
            operations.End(server.Id);
        }
        using var taken = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/backups", new { });
        Assert.Equal(HttpStatusCode.Accepted, taken.StatusCode);
        await Eventually.TrueAsync(() => !operations.IsBusy(server.Id), "the backup ended");
    }

    [DockerFact]
    public async Task BackupOfAServerWhoseAgentIsOffline_Refused503_NothingStarted()
    {
        var offline = await Manager.RegisterAgentAsync(Admin); // registered, never connected
        var serverId = await Manager.AddServerRowAsync(offline.AgentId, "off" + Guid.NewGuid().ToString("N")[..8]);

        using var refused = await Admin.PostAsJsonAsync($"/api/servers/{serverId}/backups", new { });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var problem = (await refused.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Contains("offline; the backup was not taken", problem.Detail, StringComparison.Ordinal);
        Assert.False(Manager.Services.GetRequiredService<ServerOperations>().IsBusy(serverId));
    }
}
