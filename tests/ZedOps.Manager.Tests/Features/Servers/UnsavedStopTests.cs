using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Tests.Features.Servers;

/// <summary>A stop the agent had to finish with a signal before any save finished is recorded as one that may have
/// lost unsaved progress, on the server's activity and in the audit log.</summary>
public sealed class UnsavedStopTests : ManagerTestBase
{
    [Theory]
    [InlineData(ServerSteps.UnsavedStop)]
    [InlineData(ServerSteps.KilledAfterStop)]
    public async Task Stop_AgentReportsSignalFallback_ActivityWarningAndAuditDetail(string flag)
    {
        var serverId = await StopWithStepsAsync(ServerSteps.DockerStop, flag);

        var activity = Manager.Services.GetRequiredService<ServerActivity>().Recent(serverId);
        Assert.Contains(activity, a => a.Step == "warning" && a.Message.Contains("unsaved progress may be lost", StringComparison.Ordinal));
        await using var scope = Manager.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().AuditEvents.SingleAsync(e => e.Action == "server.stop");
        Assert.True(audit.Succeeded);
        Assert.Equal(ServerLifecycle.UnsavedWarning, audit.Details);
    }

    [Fact]
    public async Task Stop_SavedThenExited_NoWarning()
    {
        var serverId = await StopWithStepsAsync(ServerSteps.RconSave, ServerSteps.RconQuit, ServerSteps.WaitExit);

        Assert.DoesNotContain(Manager.Services.GetRequiredService<ServerActivity>().Recent(serverId), a => a.Step == "warning");
        await using var scope = Manager.Services.CreateAsyncScope();
        Assert.Null((await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().AuditEvents.SingleAsync(e => e.Action == "server.stop")).Details);
    }

    /// <summary>A stop operation whose agent reported <paramref name="steps"/>, run as ServerLifecycle runs it.</summary>
    private async Task<Guid> StopWithStepsAsync(params string[] steps)
    {
        var serverId = await AddStoppingServerAsync();
        var operations = Manager.Services.GetRequiredService<ServerOperations>();
        Assert.True(operations.TryBegin(serverId, "stop"));
        await operations.RunAsync(serverId, "stop", AuditActor.System, ctx =>
        {
            ServerLifecycle.Record(ctx, new ServerActionResult(serverId, null, steps));
            return Task.FromResult<string?>(ServerStatuses.Stopped);
        }).DefaultTimeout();
        return serverId;
    }

    private async Task<Guid> AddStoppingServerAsync()
    {
        var agent = await Manager.RegisterAgentAsync(Admin);
        await using var scope = Manager.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var row = new ServerEntity
        {
            Id = Guid.NewGuid(), AgentId = agent.AgentId, Name = "unsaved", ProfileId = "pz-sim", Image = "zedops/pz-sim", Tag = "latest",
            GamePort = 41001, UdpPort = 41002, RconPort = 41003, DataPath = "/tmp/unsaved", ConfigJson = "{}",
            ProtectedSecrets = "", Status = ServerStatuses.Stopping, StopTimeoutSeconds = 120,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Servers.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }
}
