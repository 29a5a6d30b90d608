using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Tests.Features.Replicas;

/// <summary>A server's operation lock across two replicas, with a hand-driven agent on B that answers when the test says.</summary>
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
}
