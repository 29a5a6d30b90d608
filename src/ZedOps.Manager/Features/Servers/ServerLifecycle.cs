using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Servers;

/// <summary>Every lifecycle command on a catalogued server: checks what the request may do now, shows the transitional
/// status at once, and lets <see cref="ServerOperations"/> carry it out on the agent.</summary>
public sealed partial class ServerLifecycle(ZedOpsDbContext db, ServerOperations operations, IAgentLink link, ServerSpecs specs, TimeProvider time, Auth.AuthCache authCache)
{
    public DateTimeOffset Now => time.GetUtcNow();

    internal void Create(ServerEntity row, AuditActor actor)
    {
        operations.TryBegin(row.Id, "create");
        _ = operations.RunAsync(row.Id, "create", actor, async ctx =>
        {
            var server = await ctx.LoadAsync();
            var spec = specs.Build(server);
            ctx.Step("create", $"creating {spec.Image} on the agent");
            var result = await link.RequestAsync(server.AgentId, Requests.CreateServer, new CreateServer(spec, Start: true));
            Record(ctx, result);
            return await AfterStartAsync(ctx, spec, result);
        });
    }

    public Task<ServerEntity> StartAsync(Guid id, AuditActor actor) => BeginAsync(id, "start", ServerStatuses.Starting, actor,
        allowed: [ServerStatuses.Stopped, ServerStatuses.Missing, ServerStatuses.Failed, ServerStatuses.Starting, ServerStatuses.Running],
        async (ctx, server, previous) =>
        {
            var spec = specs.Build(server);
            var result = await link.RequestAsync(server.AgentId, Requests.StartServer, new StartServer(spec));
            Record(ctx, result);
            return await AfterStartAsync(ctx, spec, result);
        });

    public Task<ServerEntity> StopAsync(Guid id, AuditActor actor) => BeginAsync(id, "stop", ServerStatuses.Stopping, actor,
        allowed: [ServerStatuses.Running, ServerStatuses.Starting, ServerStatuses.Failed, ServerStatuses.Stopped, ServerStatuses.Restarting],
        async (ctx, server, previous) =>
        {
            await StopOnAgentAsync(ctx, server);
            return ServerStatuses.Stopped;
        });

    public Task<ServerEntity> RestartAsync(Guid id, AuditActor actor) => BeginAsync(id, "restart", ServerStatuses.Restarting, actor,
        allowed: [ServerStatuses.Running, ServerStatuses.Starting, ServerStatuses.Stopped, ServerStatuses.Failed],
        async (ctx, server, previous) =>
        {
            await StopOnAgentAsync(ctx, server);
            var spec = specs.Build(server);
            var result = await link.RequestAsync(server.AgentId, Requests.StartServer, new StartServer(spec));
            Record(ctx, result);
            return await AfterStartAsync(ctx, spec, result);
        });

    /// <summary>SIGKILL at once; allowed even while another operation runs (a kill always gets through).</summary>
    public async Task<ServerEntity> KillAsync(Guid id, AuditActor actor)
    {
        var server = await FindAsync(id);
        var result = await link.RequestAsync(server.AgentId, Requests.KillServer, new KillServer(server.Id, server.Name));
        server.Status = ServerStatuses.Stopped;
        server.ContainerId = result.Container?.Id ?? server.ContainerId;
        server.UpdatedAt = Now;
        await db.SaveChangesAsync();
        await new AuditLog(db, time).WriteAsync(actor, "server.kill", $"server:{server.Name}");
        return server;
    }

    public Task<ServerEntity> RebuildAsync(Guid id, AuditActor actor) => BeginAsync(id, "rebuild", ServerStatuses.Rebuilding, actor,
        allowed: [ServerStatuses.Running, ServerStatuses.Starting, ServerStatuses.Stopped, ServerStatuses.Missing, ServerStatuses.Failed],
        async (ctx, server, previous) =>
        {
            var wasRunning = previous is ServerStatuses.Running or ServerStatuses.Starting;
            if (wasRunning)
            {
                await StopOnAgentAsync(ctx, server);
            }
            if (server.DataExists != false)
            {
                await AutomaticBackupAsync(ctx, server, "pre-rebuild");
            }
            var spec = specs.Build(server);
            var result = await link.RequestAsync(server.AgentId, Requests.RebuildServer, new RebuildServer(spec, wasRunning));
            Record(ctx, result);
            await ctx.SetStatusAsync(ServerStatuses.Rebuilding, r => r.RestartPending = false);
            return wasRunning ? await AfterStartAsync(ctx, spec, result) : ServerStatuses.Stopped;
        });

    internal static async Task<string> AfterStartAsync(ServerContext ctx, ServerSpec spec, ServerActionResult result)
    {
        var running = result.Container?.State == Protocol.Containers.ContainerStates.Running;
        var status = running ? (spec.ReadinessPattern is null ? ServerStatuses.Running : ServerStatuses.Starting) : ServerStatuses.Stopped;
        await ctx.SetStatusAsync(status, r =>
        {
            r.ContainerId = result.Container?.Id;
            r.StartedAt = running ? ctx.Services.GetRequiredService<TimeProvider>().GetUtcNow() : r.StartedAt;
            r.DataExists = true;
        });
        // Readiness may already have arrived while the request was in flight.
        return (await ctx.LoadAsync()).Status;
    }

    internal static void Record(ServerContext ctx, ServerActionResult result)
    {
        foreach (var step in result.Steps)
        {
            ctx.Step("done", step);
        }
        // A stop that had to fall back to a signal: B41 does not save on SIGTERM, and a kill saves nothing.
        if (result.Steps.Contains(ServerSteps.UnsavedStop) || result.Steps.Contains(ServerSteps.KilledAfterStop))
        {
            ctx.Warn(UnsavedWarning);
        }
    }

    public const string UnsavedWarning = "the server was stopped with a signal before a save finished (neither RCON nor its console took save/quit): unsaved progress may be lost";

    private async Task StopOnAgentAsync(ServerContext ctx, ServerEntity server)
    {
        var timeout = Requests.StopServer.DefaultTimeout + TimeSpan.FromSeconds(server.StopTimeoutSeconds);
        var result = await link.RequestAsync(server.AgentId, Requests.StopServer,
            new StopServer(server.Id, server.Name, specs.Rcon(server), server.StopTimeoutSeconds), timeout);
        Record(ctx, result);
        await ctx.SetStatusAsync(ServerStatuses.Stopped, r => r.ContainerId = result.Container?.Id ?? r.ContainerId);
    }
}
