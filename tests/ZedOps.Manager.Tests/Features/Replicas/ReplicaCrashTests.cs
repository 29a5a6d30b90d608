using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ZedOps.Manager.Features.Replicas;

namespace ZedOps.Manager.Tests.Features.Replicas;

/// <summary>A replica that dies by SIGKILL (a child process): nothing it would do on a clean stop happens.</summary>
[Trait("Category", "Replicas")]
public sealed class ReplicaCrashTests
{
    [ReplicaFact]
    public async Task ReplicaKilled_PresenceExpires_AgentMovesToA_LeasesTakenOverWithinTtl()
    {
        await using var fleet = await ReplicaFleet.StartEmptyAsync();
        var c = await fleet.StartProcessReplicaAsync("replica-c");
        // C starts alone, so it takes every fleet lease; A starts after and must run none of them while C lives.
        await Eventually.ReturnsAsync(fleet.LeaseHoldersAsync, h => h.Count >= 4 && h.Values.All(x => x == "replica-c"), "replica-c holding the fleet leases");
        await fleet.StartAAsync();
        var names = Leased(fleet.A).Select(s => s.Name).ToList();
        var held = await Eventually.ReturnsAsync(fleet.LeaseHoldersAsync, h => names.All(h.ContainsKey), "every fleet singleton leased");
        Assert.All(names, n => Assert.Equal("replica-c", held[n]));
        Assert.DoesNotContain(Leased(fleet.A), s => s.Running);

        using var admin = await fleet.A.CreateAdminClientAsync();
        var moving = await fleet.A.RegisterAgentAsync(admin, "moving");
        var stranded = await fleet.A.RegisterAgentAsync(admin, "stranded");
        await using var balancer = new FirstReachableProxy(c.BaseAddress, fleet.A.BaseAddress);
        await using var agent = AgentProcess.Start(balancer.Address, null, null, AgentIdentityFiles.Write(fleet.A, moving), heartbeat: TimeSpan.FromMilliseconds(500));
        await using var raw = await RawAgentSocket.ConnectAsync(c.BaseAddress, stranded.AgentToken); // never reconnects anywhere
        await raw.SendHelloAsync();
        await fleet.A.WaitOnlineAsync(moving.AgentId);
        await fleet.A.WaitOnlineAsync(stranded.AgentId);
        Assert.Null(fleet.A.Registry.Find(moving.AgentId)); // online on C, known to A by presence

        await c.KillAsync();
        var sinceKill = Stopwatch.StartNew();

        await fleet.A.WaitOnlineAsync(stranded.AgentId, online: false); // C's announcements stopped: it expires after OfflineAfter
        await Eventually.TrueAsync(() => fleet.A.Registry.Find(moving.AgentId) is not null, "the agent reconnected to A within its backoff");
        await Eventually.TrueAsync(() => Leased(fleet.A).All(s => s.Running), "A took over every fleet singleton", ReplicaFleet.LeaseTtl * 3);
        var takeover = sinceKill.Elapsed;
        // C renewed at most a third of the TTL before it died; its lease lasts a TTL from then, and A tries every third of it.
        Assert.True(takeover <= ReplicaFleet.LeaseTtl * 2, $"leases taken over {takeover.TotalSeconds:0.0} s after the kill (TTL {ReplicaFleet.LeaseTtl.TotalSeconds} s)");
        Assert.All((await fleet.LeaseHoldersAsync()).Values, h => Assert.Equal("replica-a", h));
        Assert.Equal("online", (await admin.GetAgentAsync(moving.AgentId)).Status);
        Assert.Equal("offline", (await admin.GetAgentAsync(stranded.AgentId)).Status);
    }

    private static List<LeasedService> Leased(ManagerHost host) => [.. host.Services.GetServices<IHostedService>().OfType<LeasedService>()];
}
