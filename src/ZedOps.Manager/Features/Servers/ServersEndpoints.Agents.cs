using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers;

public sealed record PortCheckRequest(int GamePort, int UdpPort, int RconPort, Guid? ServerId);

public sealed record PortCheckResponse(bool Free, IReadOnlyList<string> Problems, IReadOnlyList<PortUse> Conflicts);

public sealed record UpdateServerRequest(ServerConfig? Config, string? Tag, int? StopTimeoutSeconds, int? GamePort, int? UdpPort, int? RconPort);

public sealed record CleanupRequest(Guid? AgentId, bool RemoveData);

public sealed record CleanupResponse(IReadOnlyList<string> Purged, IReadOnlyList<string> Skipped);

public static partial class ServersEndpoints
{
    internal static async Task<Results<Ok<PortSuggestion>, ProblemHttpResult>> SuggestPortsAsync(Guid agentId, PortAllocator ports, CancellationToken ct) =>
        await Guard(async () => TypedResults.Ok(await ports.SuggestAsync(agentId, ct)));

    internal static async Task<Results<Ok<PortCheckResponse>, ProblemHttpResult>> CheckPortsAsync(Guid agentId, PortCheckRequest request, PortAllocator ports, CancellationToken ct) =>
        await Guard(async () =>
        {
            var problems = ServerValidation.PortProblems(request.GamePort, request.UdpPort, request.RconPort).ToList();
            var conflicts = problems.Count > 0 ? [] : await ports.ConflictsAsync(agentId,
                [new(request.GamePort, "udp"), new(request.UdpPort, "udp"), new(request.RconPort, "tcp")], request.ServerId, ct);
            return TypedResults.Ok(new PortCheckResponse(problems.Count == 0 && conflicts.Count == 0, problems, conflicts));
        });

    internal static async Task<Results<Ok<SyncReport>, ProblemHttpResult>> SyncServersAsync(Guid agentId, ServerSync sync, CancellationToken ct) =>
        await Guard(async () => TypedResults.Ok(await sync.SyncAgentAsync(agentId, ct)));

    /// <summary>Saves settings; they take effect on apply-config (a rebuild), so a running server is marked "restart pending".</summary>
    internal static async Task<Results<Ok<ServerView>, ProblemHttpResult>> UpdateConfigAsync(
        Guid id, UpdateServerRequest request, ServerConfigUpdates updates, ServerViews views, HttpContext http) =>
        await Guard(async () =>
        {
            await updates.UpdateAsync(id, request, AuditActor.From(http), Auth.AdminRights.Has(http.User), http.RequestAborted);
            return TypedResults.Ok((await views.GetAsync(id, false, http.RequestAborted))!);
        });

    /// <summary>Purges failed servers (their containers too); their data stays unless removeData is true.</summary>
    internal static async Task<Results<Ok<CleanupResponse>, ProblemHttpResult>> CleanupFailedAsync(
        CleanupRequest request, ZedOpsDbContext db, ServerLifecycle lifecycle, HttpContext http) =>
        await Guard(async () =>
        {
            var failed = await db.Servers.AsNoTracking()
                .Where(s => s.Status == ServerStatuses.Failed && (request.AgentId == null || s.AgentId == request.AgentId))
                .Select(s => new { s.Id, s.Name }).ToListAsync(http.RequestAborted);
            var purged = new List<string>();
            var skipped = new List<string>();
            foreach (var server in failed)
            {
                try
                {
                    await lifecycle.PurgeAsync(server.Id, server.Name, request.RemoveData, AuditActor.From(http), http.RequestAborted);
                    purged.Add(server.Name);
                }
                catch (Exception ex) when (ex is ServerCommandException or WireRequestException)
                {
                    skipped.Add($"{server.Name}: {ex.Message}");
                }
            }
            return TypedResults.Ok(new CleanupResponse(purged, skipped));
        });
}

internal static class ServerLogs
{
    public static async Task StreamAsync(Guid id, int? tail, bool? follow, HttpContext http, ServerViews views, IServiceProvider services)
    {
        if (await views.GetAsync(id, false, http.RequestAborted) is not { } server)
        {
            await ServersEndpoints.Problem(ServerCommandException.NotFound(id)).ExecuteAsync(http);
            return;
        }
        await Containers.ContainerLogStream.StreamGuardedAsync(server.AgentId, ServerSpecs.ContainerName(server.Name), tail, follow, http,
            services.GetRequiredService<IAgentLink>(), services.GetRequiredService<Containers.ContainerLogHub>(), services.GetRequiredService<ZedOpsDbContext>(),
            async () =>
            {
                await using var scope = services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<Auth.AccessControl>().CanAsync(http.User, Auth.Capability.View, server.AgentId, server.Id);
            });
    }
}
