using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Containers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers;

public static partial class ServersEndpoints
{
    public static IEndpointRouteBuilder MapServersEndpoints(this IEndpointRouteBuilder app)
    {
        var agents = app.MapGroup("/api/agents/{agentId:guid}").RequireAuthorization().WithTags("Servers");
        agents.MapGet("/ports/suggest", SuggestPortsAsync).RequireAuthorization(Policies.Admin);
        agents.MapPost("/ports/check", CheckPortsAsync).RequireAuthorization(Policies.Admin);
        agents.MapPost("/servers", CreateServerAsync).RequireAuthorization(Policies.Admin);
        agents.MapPost("/servers/sync", SyncServersAsync).RequireAuthorization(Policies.Admin);
        agents.MapGet("/servers/adoptable", ListAdoptableAsync).RequireAuthorization(Policies.Admin);
        agents.MapPost("/servers/adopt", AdoptServerAsync).RequireAuthorization(Policies.Admin);

        var servers = app.MapGroup("/api/servers").RequireAuthorization().WithTags("Servers");
        servers.MapGet("/", ListServersAsync);
        servers.MapGet("/{id:guid}", GetServerAsync).RequireServer(Capability.View);
        servers.MapGet("/{id:guid}/activity", GetActivity).RequireServer(Capability.View);
        servers.MapGet("/{id:guid}/crashes", ListCrashesAsync).RequireServer(Capability.View);
        servers.MapGet("/{id:guid}/logs", StreamServerLogsAsync).RequireServer(Capability.View);
        servers.MapPost("/{id:guid}/{action:regex(^(start|stop|restart|kill|rebuild|apply-config)$)}", RunActionAsync).RequireServer(Capability.Control);
        servers.MapPost("/{id:guid}/restore", RestoreServerAsync).RequireAuthorization(Policies.Admin);
        servers.MapPut("/{id:guid}/config", UpdateConfigAsync).RequireServer(Capability.Control);
        servers.MapDelete("/{id:guid}", DeleteServerAsync).RequireAuthorization(Policies.Admin);
        servers.MapDelete("/{id:guid}/purge", PurgeServerAsync).RequireAuthorization(Policies.Admin);
        servers.MapPost("/cleanup-failed", CleanupFailedAsync).RequireAuthorization(Policies.Admin);
        app.MapGet("/api/profiles", () => TypedResults.Ok(ImageProfiles.All)).RequireAuthorization().WithTags("Servers");
        return app;
    }

    internal static async Task<Results<Ok<List<ServerView>>, ProblemHttpResult>> ListServersAsync(
        Guid? agentId, string? status, string? q, ServerViews views, AccessControl access, ClaimsPrincipal user, CancellationToken ct)
    {
        var all = await views.ListAsync(agentId, status, q, ct);
        var visible = await access.VisibleAsync(user, ct);
        return TypedResults.Ok(visible is null ? all : all.Where(s => visible.Value.Servers.Contains(s.Id)).ToList());
    }

    /// <summary>Passwords only for those who may control the server.</summary>
    internal static async Task<Results<Ok<ServerView>, ProblemHttpResult>> GetServerAsync(Guid id, ServerViews views, AccessControl access, ClaimsPrincipal user, CancellationToken ct)
    {
        var view = await views.GetAsync(id, withSecrets: false, ct);
        if (view is null)
        {
            return Problem(ServerCommandException.NotFound(id));
        }
        return TypedResults.Ok(await access.CanAsync(user, Capability.Control, view.AgentId, id, ct) ? (await views.GetAsync(id, withSecrets: true, ct))! : view);
    }

    internal static Task<Results<Accepted<ServerView>, Ok<ServerView>, ProblemHttpResult>> RestoreServerAsync(Guid id, ServerLifecycle lifecycle, ServerViews views, HttpContext http) =>
        RunActionAsync(id, "restore", lifecycle, views, http);

    /// <summary>The server's recent crashes, newest first, with their last console lines (redacted).</summary>
    internal static async Task<Ok<IReadOnlyList<ServerCrashView>>> ListCrashesAsync(Guid id, int? limit, ServerCrashes crashes, CancellationToken ct) =>
        TypedResults.Ok(await crashes.ListAsync(id, limit ?? 10, ct));

    internal static Ok<IReadOnlyList<ServerActivityEntry>> GetActivity(Guid id, ServerActivity activity) => TypedResults.Ok(activity.Recent(id));

    internal static async Task<Results<Accepted<ServerView>, ProblemHttpResult>> CreateServerAsync(
        Guid agentId, CreateServerRequest request, ServerCreation creation, ServerViews views, HttpContext http) =>
        await Guard(async () =>
        {
            var row = await creation.CreateAsync(agentId, request, AuditActor.From(http), http.RequestAborted);
            return TypedResults.Accepted($"/api/servers/{row.Id}", (await views.GetAsync(row.Id, withSecrets: true, http.RequestAborted))!);
        });

    internal static async Task<Results<Accepted<ServerView>, Ok<ServerView>, ProblemHttpResult>> RunActionAsync(
        Guid id, string action, ServerLifecycle lifecycle, ServerViews views, HttpContext http)
    {
        var actor = AuditActor.From(http);
        try
        {
            var row = action switch
            {
                "start" => await lifecycle.StartAsync(id, actor),
                "stop" => await lifecycle.StopAsync(id, actor),
                "restart" => await lifecycle.RestartAsync(id, actor),
                "kill" => await lifecycle.KillAsync(id, actor),
                "restore" => await lifecycle.RestoreAsync(id, actor),
                _ => await lifecycle.RebuildAsync(id, actor),
            };
            var view = (await views.GetAsync(row.Id, withSecrets: false, http.RequestAborted))!;
            return action == "kill" ? TypedResults.Ok(view) : TypedResults.Accepted($"/api/servers/{id}", view);
        }
        catch (ServerCommandException ex)
        {
            return Problem(ex);
        }
        catch (WireRequestException ex)
        {
            return AgentProblems.From(ex);
        }
    }

    internal static async Task<Results<Accepted<ServerView>, ProblemHttpResult>> DeleteServerAsync(Guid id, ServerLifecycle lifecycle, ServerViews views, HttpContext http) =>
        await Guard(async () =>
        {
            var row = await lifecycle.DeleteAsync(id, AuditActor.From(http));
            return TypedResults.Accepted($"/api/servers/{id}", (await views.GetAsync(row.Id, false, http.RequestAborted))!);
        });

    internal static async Task<Results<NoContent, ProblemHttpResult>> PurgeServerAsync(Guid id, string? confirm, bool? removeData, ServerLifecycle lifecycle, HttpContext http) =>
        await Guard(async () =>
        {
            await lifecycle.PurgeAsync(id, confirm, removeData ?? false, AuditActor.From(http), http.RequestAborted);
            return TypedResults.NoContent();
        });

    internal static Task StreamServerLogsAsync(Guid id, int? tail, bool? follow, HttpContext http, ServerViews views, IServiceProvider services) =>
        ServerLogs.StreamAsync(id, tail, follow, http, views, services);

    internal static ProblemHttpResult Problem(ServerCommandException ex) =>
        TypedResults.Problem(statusCode: ex.Status, title: ex.Title, detail: ex.Message, extensions: ex.Extensions?.ToDictionary());

    internal static async Task<Results<T, ProblemHttpResult>> Guard<T>(Func<Task<T>> action) where T : IResult
    {
        try
        {
            return await action();
        }
        catch (ServerCommandException ex)
        {
            return Problem(ex);
        }
        catch (WireRequestException ex)
        {
            return AgentProblems.From(ex);
        }
    }
}
