using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Servers;

public sealed partial class ServerLifecycle
{
    /// <summary>Soft delete: a graceful stop if it runs, then the container goes; data, row and ports stay.</summary>
    public Task<ServerEntity> DeleteAsync(Guid id, AuditActor actor) => BeginAsync(id, "delete", ServerStatuses.Stopping, actor,
        allowed: [ServerStatuses.Running, ServerStatuses.Starting, ServerStatuses.Stopped, ServerStatuses.Missing, ServerStatuses.Failed],
        async (ctx, server, previous) =>
        {
            if (previous is ServerStatuses.Running or ServerStatuses.Starting)
            {
                await StopOnAgentAsync(ctx, server);
            }
            var result = await link.RequestAsync(server.AgentId, Requests.RemoveServer, new RemoveServer(server.Id, server.Name, null, RemoveData: false));
            Record(ctx, result);
            await ctx.SetStatusAsync(ServerStatuses.Deleted, r => (r.DeletedAt, r.ContainerId) = (Now, null));
            return null;
        });

    /// <summary>Brings a deleted server back: the container is recreated from the catalogue with its data, stopped.</summary>
    public Task<ServerEntity> RestoreAsync(Guid id, AuditActor actor) => BeginAsync(id, "restore", ServerStatuses.Creating, actor,
        allowed: [ServerStatuses.Deleted],
        async (ctx, server, previous) =>
        {
            var result = await link.RequestAsync(server.AgentId, Requests.CreateServer, new CreateServer(specs.Build(server), Start: false));
            Record(ctx, result);
            await ctx.SetStatusAsync(ServerStatuses.Stopped, r => (r.DeletedAt, r.ContainerId, r.DataExists) = (null, result.Container?.Id, true));
            return null;
        });

    /// <summary>Removes the row (and its container); the data too only when asked. Synchronous: the caller sees the result.</summary>
    public async Task PurgeAsync(Guid id, string? confirm, bool removeData, AuditActor actor, CancellationToken ct)
    {
        var server = await FindAsync(id);
        if (confirm != server.Name)
        {
            throw ServerCommandException.Invalid("Confirmation required", $"Purging removes '{server.Name}' from ZedOps for good; repeat its name in ?confirm= to proceed.");
        }
        if (server.Status is ServerStatuses.Running or ServerStatuses.Starting or ServerStatuses.Stopping or ServerStatuses.Restarting)
        {
            throw ServerCommandException.Conflict($"'{server.Name}' is {server.Status}; stop or delete it before purging.");
        }
        if (await operations.ClaimAsync(id, "purge") is { } running)
        {
            throw ServerCommandException.Conflict($"'{server.Name}' is busy ({running}); try again when it finishes.");
        }
        try
        {
            await link.RequestAsync(server.AgentId, Requests.RemoveServer, new RemoveServer(server.Id, server.Name, server.DataPath, removeData), ct: ct);
            db.Servers.Remove(server);
            await db.SaveChangesAsync(ct);
            authCache.EvictServer(server.Id);
            await new AuditLog(db, time).WriteAsync(actor, "server.purge", $"server:{server.Name}", details: removeData ? "data removed" : "data kept", ct: ct);
        }
        finally
        {
            await operations.EndAsync(id);
        }
    }

    private async Task<ServerEntity> BeginAsync(Guid id, string operation, string transitional, AuditActor actor, string[] allowed,
        Func<ServerContext, ServerEntity, string, Task<string?>> work)
    {
        var server = await FindAsync(id);
        if (!allowed.Contains(server.Status))
        {
            throw ServerCommandException.Conflict($"Cannot {operation} '{server.Name}' while it is {server.Status}.");
        }
        if (!link.IsOnline(server.AgentId))
        {
            throw new ServerCommandException(503, "Agent offline", $"The agent of '{server.Name}' is offline; try again when it reconnects.");
        }
        if (await operations.ClaimAsync(id, operation) is { } running)
        {
            throw ServerCommandException.Conflict($"'{server.Name}' is busy ({running}); try again when it finishes.");
        }
        var previous = server.Status;
        server.Status = transitional;
        server.UpdatedAt = Now;
        await db.SaveChangesAsync();
        _ = operations.RunAsync(id, operation, actor, async ctx => await work(ctx, await ctx.LoadAsync(), previous));
        return server;
    }

    private async Task<ServerEntity> FindAsync(Guid id) =>
        await db.Servers.FirstOrDefaultAsync(s => s.Id == id) ?? throw ServerCommandException.NotFound(id);
}
