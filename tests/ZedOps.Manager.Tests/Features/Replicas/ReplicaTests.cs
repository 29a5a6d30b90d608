using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Schedules;
using ZedOps.Manager.Features.Replicas;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Tests.Features.Replicas;

/// <summary>Two real manager replicas over real PostgreSQL and nats-server (skipped without them).</summary>
[Trait("Category", "Replicas")]
public sealed class ReplicaTests
{
    [ReplicaFact(Docker = true)]
    public async Task AgentOnB_ControlledAndFollowedThroughA_ThenMovesToAWhenBStops()
    {
        await using var fleet = await ReplicaFleet.StartAsync();
        await using var containers = new DockerTestContainers();
        await containers.InitializeAsync();
        using var admin = await fleet.A.CreateAdminClientAsync();
        var registered = await fleet.A.RegisterAgentAsync(admin);
        await using var balancer = new FirstReachableProxy(fleet.B!.BaseAddress, fleet.A.BaseAddress);
        var identity = AgentIdentityFiles.Write(fleet.A, registered);
        await using var agent = AgentProcess.Start(balancer.Address, null, null, identity, heartbeat: TimeSpan.FromMilliseconds(500));
        await Eventually.TrueAsync(() => fleet.B!.Registry.Find(registered.AgentId) is not null, "agent connected to replica B");
        await fleet.A.WaitOnlineAsync(registered.AgentId);
        Assert.Null(fleet.A.Registry.Find(registered.AgentId));
        Assert.Equal("online", (await admin.GetAgentAsync(registered.AgentId)).Status);

        var name = await containers.CreateAsync(["sh", "-c", "trap 'exit 0' TERM; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.1; done"]);
        var listed = await Eventually.ReturnsAsync(() => admin.GetFromJsonAsync<List<ContainerSummary>>($"/api/agents/{registered.AgentId}/containers"),
            l => l!.Any(c => c.Name.TrimStart('/') == name), "the container listed through A → NATS → B → agent");
        Assert.Contains(listed!, c => c.Name.TrimStart('/') == name);

        // Tail (5 lines, from the subscribe reply relayed by B) then live lines pushed by the agent to B and fanned out to
        // A over NATS; after 20 live lines B stops, the agent reconnects through the balancer to A, and the console resumes.
        var sawMarker = false;
        var ticks = 0;
        Task? stopB = null;
        var lines = await SseLogReader.ReadAsync(admin, $"/api/agents/{registered.AgentId}/containers/{name}/logs?tail=5&follow=true",
            until: line =>
            {
                if (line.Stream != LogStreams.Marker && ++ticks == 25)
                {
                    Assert.NotNull(fleet.B!.Registry.Find(registered.AgentId));
                    stopB = fleet.StopBAsync();
                }
                sawMarker |= stopB is not null && line.Stream == LogStreams.Marker && line.Text.Contains("resumed", StringComparison.Ordinal);
                return sawMarker && line.Stream != LogStreams.Marker;
            });
        await stopB!.DefaultTimeout();

        Assert.Contains(lines, l => l.Stream != LogStreams.Marker && l.Text.StartsWith("tick", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Stream == LogStreams.Marker);
        Assert.NotNull(fleet.A.Registry.Find(registered.AgentId));
        Assert.Equal("online", (await admin.GetAgentAsync(registered.AgentId)).Status);
    }

    [ReplicaFact]
    public async Task RequestToAgentThatIsNowhere_Is503AgentOffline()
    {
        await using var fleet = await ReplicaFleet.StartAsync();
        using var admin = await fleet.A.CreateAdminClientAsync();
        var registered = await fleet.A.RegisterAgentAsync(admin);

        using var response = await admin.GetAsync($"/api/agents/{registered.AgentId}/containers");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(ErrorCodes.AgentOffline, (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Type);

        var link = fleet.A.Services.GetRequiredService<IAgentLink>();
        Assert.IsType<NatsAgentLink>(link);
        var ex = await Assert.ThrowsAsync<WireRequestException>(() =>
            link.RequestAsync(registered.AgentId, Requests.ListContainers, new ListContainers(All: false))).DefaultTimeout();
        Assert.Equal(ErrorCodes.AgentOffline, ex.Code);
    }

    [ReplicaFact]
    public async Task FleetSingletons_RunOnExactlyOneReplica_AndMoveWhenItsHolderStops()
    {
        await using var fleet = await ReplicaFleet.StartAsync();
        var names = Leased(fleet.A).Select(s => s.Name).ToList();
        Assert.Contains("audit-retention", names);
        Assert.Contains("deleted-server-retention", names);
        Assert.Contains("mod-watch", names);
        Assert.Contains("metrics-rollup", names);
        await Eventually.TrueAsync(() => names.All(n => Leased(fleet.A).Concat(Leased(fleet.B!)).Count(s => s.Name == n && s.Running) == 1),
            "every fleet singleton running on exactly one replica");

        // Whatever B holds moves to A within the lease TTL once B stops (clean stop releases at once; a crash waits the TTL).
        await fleet.StopBAsync();
        await Eventually.TrueAsync(() => Leased(fleet.A).All(s => s.Running), "A runs every fleet singleton after B stopped",
            ReplicaFleet.LeaseTtl * 3);
    }

    [ReplicaFact]
    public async Task Cookie_MadeOnA_IsAcceptedOnB()
    {
        await using var fleet = await ReplicaFleet.StartAsync();
        using var onA = await fleet.A.CreateAdminClientAsync();
        var login = await onA.GetAsync("/api/auth/me");
        login.EnsureSuccessStatusCode();
        var cookie = fleet.A.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("replica-test").Protect("shared");
        Assert.Equal("shared", fleet.B!.Services.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector("replica-test").Unprotect(cookie));
        Assert.Equal(fleet.A.Services.GetRequiredService<Manager.Features.AgentDownloads.AgentSigningKey>().PublicKey,
            fleet.B.Services.GetRequiredService<Manager.Features.AgentDownloads.AgentSigningKey>().PublicKey);
    }

    [ReplicaFact]
    public async Task TokenRevokedOnA_IsRefusedOnB_ThoughBHadItCached()
    {
        await using var fleet = await ReplicaFleet.StartAsync();
        using var admin = await fleet.A.CreateAdminClientAsync();
        using var created = await admin.PostAsJsonAsync("/api/tokens", new { name = "script", currentPassword = ManagerHost.AdminPassword });
        var token = (await created.Content.ReadFromJsonAsync<Manager.Features.Tokens.CreatedToken>())!;
        using var onB = fleet.B!.CreateAnonymousClient();
        onB.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token.Token);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/auth/me")).StatusCode); // now cached on B

        (await admin.DeleteAsync($"/api/tokens/{token.Id}")).EnsureSuccessStatusCode();

        await Eventually.ReturnsAsync(async () => (await onB.GetAsync("/api/auth/me")).StatusCode, s => s == HttpStatusCode.Unauthorized,
            "B refusing the token revoked on A", TimeSpan.FromSeconds(5));
    }

    [ReplicaFact]
    public async Task AgentRevokedOnA_ItsSocketOnBClosesWithRevoked_AndNoReplicaListsItOnline()
    {
        await using var fleet = await ReplicaFleet.StartAsync();
        using var admin = await fleet.A.CreateAdminClientAsync();
        var registered = await fleet.A.RegisterAgentAsync(admin);
        await using var agent = await RawAgentSocket.ConnectAsync(fleet.B!.BaseAddress, registered.AgentToken);
        await agent.SendHelloAsync();
        await fleet.A.WaitOnlineAsync(registered.AgentId);

        (await admin.DeleteAsync($"/api/agents/{registered.AgentId}")).EnsureSuccessStatusCode();

        while (await agent.ReceiveAsync() is not null)
        {
            // what B sent on connect (sync requests), until it closes the socket
        }
        Assert.Equal(CloseCodes.Revoked, agent.Socket.CloseStatus);
        await Eventually.TrueAsync(() => fleet.A.Registry.State(registered.AgentId)?.Online != true && fleet.B.Registry.State(registered.AgentId)?.Online != true
            && fleet.B.Registry.Find(registered.AgentId) is null, "neither replica listing the revoked agent online, B holding no connection");
    }

    [ReplicaFact]
    public async Task ScheduledTask_DueOnBothReplicas_RunsOnce()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 4, 10, 0, 0, TimeSpan.Zero));
        await using var fleet = await ReplicaFleet.StartAsync(s => s.AddKeyedSingleton<TimeProvider>(ServerScheduler.ClockKey, clock));
        using var admin = await fleet.A.CreateAdminClientAsync();
        var registered = await fleet.A.RegisterAgentAsync(admin);
        await using var agent = AgentProcess.Start(fleet.B!.BaseAddress, null, null, AgentIdentityFiles.Write(fleet.A, registered),
            heartbeat: TimeSpan.FromMilliseconds(500));
        await fleet.A.WaitOnlineAsync(registered.AgentId);
        var name = "s" + Guid.NewGuid().ToString("N")[..8];
        var serverId = await fleet.A.AddServerRowAsync(registered.AgentId, name);
        var url = $"/api/servers/{serverId}/schedules";
        using (var created = await admin.PostAsJsonAsync(url, new { cron = "0 4 * * *", timeZone = "UTC", action = "rcon", argument = "save" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // Both replicas' schedulers wake on the same clock step and race for the occurrence; the row claim lets one run it.
        clock.Advance(TimeSpan.FromHours(18) + TimeSpan.FromSeconds(1));
        await Eventually.ReturnsAsync(async () => (await admin.GetFromJsonAsync<ServerSchedulesView>(url))!.Schedules.Single(),
            s => s.LastResult is "ok" or "failed", "the occurrence ran on one replica");
        clock.Advance(ServerScheduler.Tick);
        clock.Advance(ServerScheduler.Tick);
        var audit = (await admin.GetFromJsonAsync<AuditPage>($"/api/audit?action=schedule.run&target=server:{name}&pageSize=50"))!;
        Assert.Single(audit.Items);
    }

    private static List<LeasedService> Leased(ManagerHost host) => [.. host.Services.GetServices<IHostedService>().OfType<LeasedService>()];
}
