using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Mods;

public sealed record ModUpdatesView(Guid ServerId, ModUpdatePolicy Policy, ModWatchState State);

/// <summary>The Workshop mod update watch of one server: viewers see it, operators change it or check now.</summary>
public static class ModUpdatesEndpoints
{
    public static IEndpointRouteBuilder MapModUpdatesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/servers/{id:guid}/mod-updates").RequireAuthorization().WithTags("Servers");
        group.MapGet("/", GetAsync).RequireServer(Capability.View);
        group.MapPut("/", UpdateAsync).RequireServer(Capability.Control);
        group.MapPost("/check", (Guid id, ModUpdateWatcher watcher, HttpContext http) =>
            ServersEndpoints.Guard(async () => { await watcher.CheckNowAsync(id, http.RequestAborted); return TypedResults.Accepted($"/api/servers/{id}/mod-updates"); }))
            .RequireServer(Capability.Control);
        return app;
    }

    internal static async Task<Results<Ok<ModUpdatesView>, ProblemHttpResult>> GetAsync(Guid id, ZedOpsDbContext db, ModUpdateWatcher watcher, CancellationToken ct)
    {
        var server = await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return server is null
            ? ServersEndpoints.Problem(ServerCommandException.NotFound(id))
            : TypedResults.Ok(new ModUpdatesView(id, ModUpdateWatcher.PolicyOf(server), watcher.State(id)));
    }

    internal static async Task<Results<Ok<ModUpdatesView>, ProblemHttpResult>> UpdateAsync(
        Guid id, ModUpdatePolicy? policy, ModUpdateSettings settings, HttpContext http) =>
        await ServersEndpoints.Guard(async () => TypedResults.Ok(await settings.SaveAsync(id, policy, AuditActor.From(http), http.RequestAborted)));
}

/// <summary>Saves a server's mod update policy (API and UI): ZedOps-side, so saved at once with no restart pending.</summary>
public sealed class ModUpdateSettings(ZedOpsDbContext db, ModUpdateWatcher watcher, AuditLog audit, AccessControl access)
{
    public async Task<ModUpdatesView> SaveAsync(Guid id, ModUpdatePolicy? policy, AuditActor actor, CancellationToken ct)
    {
        var server = await db.Servers.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw ServerCommandException.NotFound(id);
        List<string> errors = policy is null ? ["Send the policy: enabled, intervalMinutes, action, warningMinutes, emptyWaitMinutes."] : [.. policy.Problems()];
        if (policy is null || errors.Count > 0)
        {
            throw new ServerCommandException(400, "Invalid mod update policy", string.Join(" ", errors), new Dictionary<string, object?> { ["errors"] = errors });
        }
        var before = ModUpdateWatcher.PolicyOf(server);
        server.ConfigJson = (ServerConfig.FromJson(server.ConfigJson) with { ModUpdates = policy }).ToJson();
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "server.mods.policy", $"server:{server.Name}", details: $"{before} -> {policy}", ct: ct);
        return new ModUpdatesView(id, policy, watcher.State(id));
    }

    /// <summary>For the UI: the circuit is the trust boundary, so the right is checked here, not by hiding buttons.</summary>
    public async Task<string?> SaveAsync(Guid id, ModUpdatePolicy policy, System.Security.Claims.ClaimsPrincipal user, ClientInfo? client)
    {
        if (!await access.CanAsync(user, Capability.Control, null, id))
        {
            return "You need operator rights on this server to change its mod update watch.";
        }
        try
        {
            await SaveAsync(id, policy, AuditActor.From(user, client), CancellationToken.None);
            return null;
        }
        catch (ServerCommandException ex)
        {
            return ex.Message;
        }
    }
}
