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

    /// <summary>Saves settings; they take effect on apply-config (a rebuild), so the server is marked "restart pending".
    /// Ports and tag may change only while the server is not running.</summary>
    internal static async Task<Results<Ok<ServerView>, ProblemHttpResult>> UpdateConfigAsync(
        Guid id, UpdateServerRequest request, ZedOpsDbContext db, PortAllocator ports, ServerViews views, AuditLog audit, HttpContext http) =>
        await Guard(async () =>
        {
            var ct = http.RequestAborted;
            var row = await db.Servers.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw ServerCommandException.NotFound(id);
            if (request.Config?.MaxPlayers is < 1 or > 100)
            {
                throw ServerCommandException.Invalid("Invalid configuration", "Max players must be between 1 and 100.");
            }
            if (request.StopTimeoutSeconds is < 10 or > 3600)
            {
                throw ServerCommandException.Invalid("Invalid configuration", "The stop timeout must be between 10 and 3600 seconds.");
            }
            var portsChange = request.GamePort is not null || request.UdpPort is not null || request.RconPort is not null;
            if ((portsChange || request.Tag is not null) && row.Status is ServerStatuses.Running or ServerStatuses.Starting)
            {
                throw ServerCommandException.Conflict($"Stop '{row.Name}' before changing its ports or image tag.");
            }
            if (portsChange)
            {
                var (game, udp, rcon) = (request.GamePort ?? row.GamePort, request.UdpPort ?? row.UdpPort, request.RconPort ?? row.RconPort);
                var problems = ServerValidation.PortProblems(game, udp, rcon).ToList();
                if (problems.Count > 0)
                {
                    throw ServerCommandException.Invalid("Invalid ports", string.Join(" ", problems));
                }
                var conflicts = await ports.ConflictsAsync(row.AgentId, [new(game, "udp"), new(udp, "udp"), new(rcon, "tcp")], row.Id, ct);
                if (conflicts.Count > 0)
                {
                    throw ServerCommandException.Conflict(string.Join(" ", conflicts.Select(c => $"Port {c.Port}/{c.Protocol} is held by {c.HeldBy}.")));
                }
                (row.GamePort, row.UdpPort, row.RconPort) = (game, udp, rcon);
            }
            row.ConfigJson = (request.Config ?? ServerConfig.FromJson(row.ConfigJson)).ToJson();
            row.Tag = string.IsNullOrWhiteSpace(request.Tag) ? row.Tag : request.Tag.Trim();
            row.StopTimeoutSeconds = request.StopTimeoutSeconds ?? row.StopTimeoutSeconds;
            row.RestartPending = row.Status is not (ServerStatuses.Deleted or ServerStatuses.Failed or ServerStatuses.Missing);
            row.UpdatedAt = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync(ct);
            await audit.WriteAsync(AuditActor.From(http), "server.config", $"server:{row.Name}", ct: ct);
            return TypedResults.Ok((await views.GetAsync(id, false, ct))!);
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
        await Containers.ContainerLogStream.StreamAsync(server.AgentId, ServerSpecs.ContainerName(server.Name), tail, follow, http,
            services.GetRequiredService<IAgentLink>(), services.GetRequiredService<Containers.ContainerLogHub>(), services.GetRequiredService<ZedOpsDbContext>());
    }
}
