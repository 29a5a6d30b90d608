using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using System.Text.Json;
using ZedOps.Manager.Features.Replicas;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Tests.Features.Replicas;

/// <summary>Two replicas with a hand-driven agent on B that answers when the test says: a server's operation lock, and a
/// console followed on A, whose batches only A receives.</summary>
[Trait("Category", "Replicas")]
public sealed class ReplicaOperationTests
{
    [ReplicaFact]
    public async Task SlowBackupThroughA_RestartThroughB_Is409NamingIt_ThenSucceedsAfterward()
    {
        await using var fleet = await ReplicaFleet.StartAsync();
        using var onA = await fleet.A.CreateAdminClientAsync();
        using var onB = await fleet.B!.CreateAdminClientAsync();
        var registered = await fleet.A.RegisterAgentAsync(onA);
        var serverId = await fleet.A.AddServerRowAsync(registered.AgentId, "s" + Guid.NewGuid().ToString("N")[..8], status: ServerStatuses.Running);
        await using var agent = await RawAgentSocket.ConnectAsync(fleet.B.BaseAddress, registered.AgentToken);
        await agent.SendHelloAsync();
        await fleet.A.WaitOnlineAsync(registered.AgentId);

        // A backup leaves the status running, so only the operation lock stands between it and a restart elsewhere.
        using (var backup = await onA.PostAsJsonAsync($"/api/servers/{serverId}/backups", new { reason = "slow" }))
        {
            Assert.True(backup.IsSuccessStatusCode, $"backup through A: {backup.StatusCode}");
        }
        var held = await agent.ReceiveSubjectAsync(Requests.CreateBackup.Subject); // relayed A → NATS → B → here; not answered yet

        using (var restart = await onB.PostAsync($"/api/servers/{serverId}/restart", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, restart.StatusCode);
            var problem = (await restart.Content.ReadFromJsonAsync<ProblemDetails>())!;
            Assert.Contains("backup on replica-a", problem.Detail, StringComparison.Ordinal);
        }

        await agent.SendBytesAsync(EnvelopeCodec.EncodeError(held!.Reply!, ErrorCodes.Internal, "disk full (test)"));
        await Eventually.ReturnsAsync(() => onA.GetFromJsonAsync<ServerView>($"/api/servers/{serverId}"),
            s => s!.Operation is null, "the backup ended on A");

        using var again = await onB.PostAsync($"/api/servers/{serverId}/restart", null);
        Assert.True(again.IsSuccessStatusCode, $"restart through B after the stop: {again.StatusCode}");
        Assert.NotNull(await agent.ReceiveSubjectAsync(Requests.StopServer.Subject)); // the restart reached the agent
    }

    [ReplicaFact]
    public async Task ConsoleFollowedOnA_OnlyAWatchesItsSubject_UntilTheViewerLeaves()
    {
        await using var fleet = await ReplicaFleet.StartAsync();
        using var onA = await fleet.A.CreateAdminClientAsync();
        var registered = await fleet.A.RegisterAgentAsync(onA);
        await using var agent = await RawAgentSocket.ConnectAsync(fleet.B!.BaseAddress, registered.AgentToken);
        await agent.SendHelloAsync();
        await fleet.A.WaitOnlineAsync(registered.AgentId);

        var follow = SseLogReader.ReadAsync(onA, $"/api/agents/{registered.AgentId}/containers/c1/logs?tail=0&follow=true",
            until: l => l.Text == "second");
        var now = DateTimeOffset.UtcNow;
        Envelope? subscribe;
        while ((subscribe = await agent.ReceiveAsync()) is { Subject: not Subjects.LogsSubscribe })
        {
            if (subscribe.Subject == Subjects.ContainerInspect) // the endpoint checks the container first
            {
                await agent.SendBytesAsync(EnvelopeCodec.Encode(subscribe.Reply!, null, new InspectContainerResult(
                    new ContainerSummary("c1", "c1", "img", ContainerStates.Running, "Up", now, now, null, null, false, new Dictionary<string, string>(), [])),
                    ProtocolJsonContext.Default.InspectContainerResult));
            }
        }
        var id = subscribe!.Data!.Value.Deserialize(ProtocolJsonContext.Default.SubscribeLogs)!.SubscriptionId;
        Assert.Equal(1, EventsOf(fleet.A).Watched); // subscribed before the agent was asked
        Assert.Equal(0, EventsOf(fleet.B).Watched);
        await agent.SendBytesAsync(EnvelopeCodec.Encode(subscribe.Reply!, null, new SubscribeLogsResult("c1", "c1", []),
            ProtocolJsonContext.Default.SubscribeLogsResult));
        await agent.SendEventAsync(Events.LogLinesAppended, new LogLinesAppended(id, [new(now, "stdout", "first")], 0));
        await agent.SendEventAsync(Events.LogLinesAppended, new LogLinesAppended(id, [new(now, "stdout", "second")], 0));

        var lines = await follow.DefaultTimeout();
        Assert.Equal(["first", "second"], lines.Where(l => l.Stream != LogStreams.Marker).Select(l => l.Text));
        await Eventually.TrueAsync(() => EventsOf(fleet.A).Watched == 0, "A unsubscribed when its last viewer left");
    }

    private static ReplicaEvents EventsOf(ManagerHost host) => host.Services.GetServices<IHostedService>().OfType<ReplicaEvents>().Single();
}
