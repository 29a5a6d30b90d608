using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Tests.Features.Servers;

/// <summary>The manager dies in the middle of things; after a restart the catalogue tells the truth.</summary>
[Trait("Category", "Docker")]
public sealed class ServerRecoveryTests
{
    [DockerFact]
    public async Task ManagerKilledDuringCreate_AfterRestartTheServerShowsRunning()
    {
        var tag = await PzSimImage.EnsureAsync();
        var first = await ManagerHost.StartAsync();
        var options = first.Options with { Port = first.BaseAddress.Port };
        using var admin = await first.CreateAdminClientAsync();
        var registered = await first.RegisterAgentAsync(admin);
        await using var agent = AgentProcess.Start(first.BaseAddress, null, null, AgentIdentityFiles.Write(first, registered));
        await first.WaitOnlineAsync(registered.AgentId);
        var name = "t" + Guid.NewGuid().ToString("N")[..10];
        try
        {
            var ports = FreePorts.ServerSet();
            var created = await (await admin.PostAsJsonAsync($"/api/agents/{registered.AgentId}/servers",
                new { name, profileId = "pz-sim", tag, gamePort = ports.Game, udpPort = ports.Udp, rconPort = ports.Rcon })).Content.ReadFromJsonAsync<ServerView>();
            await Eventually.ReturnsAsync(async () => (await Processes.RunAsync("docker", ["ps", "-q", "-f", $"name=zedops-{name}"])).Output,
                o => o.Trim().Length > 0, "the container to exist");

            await first.DisposeAsync();
            await using var second = await ManagerHost.StartAsync(options);
            using var admin2 = await second.CreateAdminClientAsync();

            var view = await Eventually.ReturnsAsync(async () => (await admin2.GetFromJsonAsync<ServerView>($"/api/servers/{created!.Id}"))!,
                v => v.Status == ServerStatuses.Running, "running after the manager restart", TimeSpan.FromSeconds(60));
            Assert.NotNull(view.ContainerId);
            Assert.Null(view.LastError);
            second.DeleteData();
        }
        finally
        {
            await Processes.RunAsync("docker", ["rm", "-f", $"zedops-{name}"]);
        }
    }

    [Fact]
    public async Task CreateInterruptedBeforeTheAgentWasAsked_AfterRestartFailedWithTheReason()
    {
        var first = await ManagerHost.StartAsync();
        var options = first.Options with { Port = first.BaseAddress.Port };
        using var admin = await first.CreateAdminClientAsync();
        var registered = await first.RegisterAgentAsync(admin);
        var serverId = Guid.NewGuid();
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
            db.Servers.Add(new ServerEntity
            {
                Id = serverId, AgentId = registered.AgentId, Name = "halfway", ProfileId = "pz-sim", Image = "zedops/pz-sim", Tag = "latest",
                GamePort = 40001, UdpPort = 40002, RconPort = 40003, DataPath = "/tmp/zedops-nowhere/halfway", ConfigJson = "{}", ProtectedSecrets = "",
                Status = ServerStatuses.Creating, StopTimeoutSeconds = 120, CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        await first.DisposeAsync();

        await using var second = await ManagerHost.StartAsync(options);
        await using var agent = AgentProcess.Start(second.BaseAddress, null, null, AgentIdentityFiles.Write(second, registered));
        using var admin2 = await second.CreateAdminClientAsync();

        var view = await Eventually.ReturnsAsync(async () => (await admin2.GetFromJsonAsync<ServerView>($"/api/servers/{serverId}"))!,
            v => v.Status == ServerStatuses.Failed, "failed after sync");
        Assert.Contains("interrupted", view.LastError, StringComparison.Ordinal);
        second.DeleteData();
    }
}
