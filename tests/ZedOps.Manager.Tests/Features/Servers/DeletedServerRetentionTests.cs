using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Tests.Features.Servers;

[Trait("Category", "Docker")]
public sealed class DeletedServerRetentionTests
{
    [DockerFact]
    public async Task Retention_PurgesOnlyServersDeletedLongAgo_AndKeepsTheirData()
    {
        await using var host = await ManagerWithAgent.StartAsync(options: new ManagerHostOptions
        {
            Settings = new Dictionary<string, string> { ["ZedOps:DeletedServerRetentionDays"] = "7" },
        });
        var dataRoot = Path.Combine(host.Agent.StateDir, "servers");
        var old = await AddDeletedAsync(host, "old-one", dataRoot, TimeSpan.FromDays(10));
        var recent = await AddDeletedAsync(host, "recent-one", dataRoot, TimeSpan.FromDays(1));
        var retention = host.Manager.Services.GetServices<IHostedService>().OfType<DeletedServerRetention>().Single();

        Assert.Equal(1, await retention.PurgeExpiredAsync(CancellationToken.None));

        await using var scope = host.Manager.Services.CreateAsyncScope();
        var left = await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().Servers.Select(s => s.Id).ToListAsync();
        Assert.Equal([recent], left);
        Assert.True(Directory.Exists(Path.Combine(dataRoot, "old-one")), "automatic purge never removes data");
        Assert.DoesNotContain(old, left);
    }

    private static async Task<Guid> AddDeletedAsync(ManagerWithAgent host, string name, string dataRoot, TimeSpan ago)
    {
        var dataPath = Path.Combine(dataRoot, name);
        Directory.CreateDirectory(dataPath);
        await using var scope = host.Manager.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var row = new ServerEntity
        {
            Id = Guid.NewGuid(), AgentId = host.AgentId, Name = name, ProfileId = "pz-sim", Image = "zedops/pz-sim", Tag = "latest",
            GamePort = 41000 + name.Length, UdpPort = 41100 + name.Length, RconPort = 41200 + name.Length, DataPath = dataPath, ConfigJson = "{}",
            ProtectedSecrets = "", Status = ServerStatuses.Deleted, StopTimeoutSeconds = 120,
            CreatedAt = DateTimeOffset.UtcNow - ago, UpdatedAt = DateTimeOffset.UtcNow - ago, DeletedAt = DateTimeOffset.UtcNow - ago,
        };
        db.Servers.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }
}
