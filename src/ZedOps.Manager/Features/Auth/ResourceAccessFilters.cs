using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;

namespace ZedOps.Manager.Features.Auth;

/// <summary>Per-resource checks for routes whose right depends on the server or agent in the URL: 404 when it does not
/// exist, 403 when the user's grants do not give the capability there. Admins pass everywhere.</summary>
public static class ResourceAccessFilters
{
    /// <summary>Checks <paramref name="capability"/> on the server named by the route value <c>id</c>.</summary>
    public static TBuilder RequireServer<TBuilder>(this TBuilder builder, Capability capability) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!Guid.TryParse(http.GetRouteValue("id")?.ToString(), out var serverId))
            {
                return await next(context);
            }
            var cache = http.RequestServices.GetRequiredService<AuthCache>();
            var agentId = cache.ServerAgent(serverId);
            if (agentId is null)
            {
                var db = http.RequestServices.GetRequiredService<ZedOpsDbContext>();
                agentId = await db.Servers.AsNoTracking().Where(s => s.Id == serverId).Select(s => (Guid?)s.AgentId).FirstOrDefaultAsync(http.RequestAborted);
                if (agentId is null)
                {
                    return TypedResults.Problem(statusCode: 404, title: "Server not found", detail: $"No server with id {serverId}.");
                }
                cache.StoreServerAgent(serverId, agentId.Value);
            }
            var access = http.RequestServices.GetRequiredService<AccessControl>();
            return await access.CanAsync(http.User, capability, agentId, serverId, http.RequestAborted)
                ? await next(context)
                : Denied(capability, "this server");
        });

    /// <summary>Checks <paramref name="capability"/> on the agent named by the route value <c>agentId</c> (or <c>id</c>):
    /// an agent-scope grant, or a server grant on one of its servers for viewing.</summary>
    public static TBuilder RequireAgent<TBuilder>(this TBuilder builder, Capability capability) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!Guid.TryParse((http.GetRouteValue("agentId") ?? http.GetRouteValue("id"))?.ToString(), out var agentId))
            {
                return await next(context);
            }
            var access = http.RequestServices.GetRequiredService<AccessControl>();
            if (await access.CanAsync(http.User, capability, agentId, null, http.RequestAborted))
            {
                return await next(context);
            }
            var visible = capability == Capability.View ? await access.VisibleAsync(http.User, http.RequestAborted) : ([], []);
            return visible is null || visible.Value.Agents.Contains(agentId) ? await next(context) : Denied(capability, "this agent");
        });

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Denied(Capability capability, string what) => TypedResults.Problem(statusCode: 403, title: "Not allowed",
        detail: capability switch
        {
            Capability.View => $"You have no access to {what}; ask an admin for a viewer or operator role.",
            Capability.Control => $"Controlling {what} needs the operator role on it; ask an admin.",
            _ => "Only admins can do this.",
        });
}
