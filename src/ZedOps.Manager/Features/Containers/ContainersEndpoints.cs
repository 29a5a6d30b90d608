using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Containers;

public static partial class ContainersEndpoints
{
    public static RouteGroupBuilder MapContainersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/agents/{agentId:guid}/containers").RequireAuthorization().WithTags("Containers");
        group.MapGet("/", ListContainersAsync).RequireAgent(Capability.View);
        group.MapGet("/{containerId}", InspectContainerAsync).RequireAgent(Capability.View);
        group.MapPost("/{containerId}/{action:regex(^(start|stop|restart|kill)$)}", ControlContainerAsync).RequireAuthorization(Policies.Admin);
        group.MapGet("/{containerId}/logs", ContainerLogStream.StreamAsync).RequireAgent(Capability.View);
        return group;
    }

    internal static async Task<Results<Ok<IReadOnlyList<ContainerSummary>>, ProblemHttpResult>> ListContainersAsync(
        Guid agentId, bool? all, IAgentLink link, ZedOpsDbContext db, ContainerAccess access, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await AgentMissingAsync(agentId, link, db, ct) is { } missing)
        {
            return missing;
        }
        try
        {
            var result = await link.RequestAsync(agentId, Requests.ListContainers, new ListContainers(all ?? false), ct: ct);
            return TypedResults.Ok<IReadOnlyList<ContainerSummary>>(await access.FilterAsync(user, Capability.View, agentId, result.Containers, ct));
        }
        catch (WireRequestException ex)
        {
            return AgentProblems.From(ex);
        }
    }

    internal static async Task<Results<Ok<ContainerSummary>, ProblemHttpResult>> InspectContainerAsync(
        Guid agentId, string containerId, IAgentLink link, ZedOpsDbContext db, ContainerAccess access, ClaimsPrincipal user, CancellationToken ct)
    {
        var (container, problem) = await ResolveAsync(agentId, containerId, Capability.View, link, db, access, user, ct);
        return container is not null ? TypedResults.Ok(container) : problem!;
    }

    /// <summary>Asks the agent what <paramref name="containerId"/> (id, id prefix or name) is, then checks the user's
    /// right on exactly that container. A container the user may not see answers like one that does not exist.</summary>
    internal static async Task<(ContainerSummary? Container, ProblemHttpResult? Problem)> ResolveAsync(Guid agentId, string containerId,
        Capability capability, IAgentLink link, ZedOpsDbContext db, ContainerAccess access, ClaimsPrincipal user, CancellationToken ct)
    {
        if ((BadContainerId(containerId) ?? await AgentMissingAsync(agentId, link, db, ct)) is { } problem)
        {
            return (null, problem);
        }
        try
        {
            var container = (await link.RequestAsync(agentId, Requests.InspectContainer, new InspectContainer(containerId), ct: ct)).Container;
            return await access.CanAsync(user, capability, agentId, container, ct)
                ? (container, null)
                : (null, TypedResults.Problem(statusCode: 404, title: "Container not found",
                    detail: $"No container '{containerId}' that you have access to on this agent. A game server's container needs a role on that server; other containers need a role on the whole agent."));
        }
        catch (WireRequestException ex)
        {
            return (null, AgentProblems.From(ex));
        }
    }

    internal static async Task<Results<Ok<ContainerSummary>, ProblemHttpResult>> ControlContainerAsync(
        Guid agentId, string containerId, string action, int? graceSeconds, ContainerControl control, IAgentLink link, ZedOpsDbContext db, HttpContext http)
    {
        var ct = http.RequestAborted;
        if ((BadContainerId(containerId) ?? await AgentMissingAsync(agentId, link, db, ct)) is { } problem)
        {
            return problem;
        }
        if (graceSeconds is < 0 or > 3600)
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid grace period", detail: "graceSeconds must be between 0 and 3600.");
        }
        try
        {
            return TypedResults.Ok(await control.RunAsync(agentId, containerId, action, graceSeconds, AuditActor.From(http), ct));
        }
        catch (WireRequestException ex)
        {
            return AgentProblems.From(ex);
        }
    }

    internal static ProblemHttpResult? BadContainerId(string containerId) => ContainerIdPattern().IsMatch(containerId)
        ? null
        : TypedResults.Problem(statusCode: 400, title: "Invalid container id", detail: "A container is named by its id or name: letters, digits, '_', '.' and '-' (at most 128).");

    /// <summary>404 for an agent that is not registered (or revoked). An agent online on the link is registered and not
    /// revoked (revocation closes its link), so only an offline one costs a database read.</summary>
    internal static async Task<ProblemHttpResult?> AgentMissingAsync(Guid agentId, IAgentLink link, ZedOpsDbContext db, CancellationToken ct) =>
        link.IsOnline(agentId) || await db.Agents.AnyAsync(a => a.Id == agentId && a.RevokedAt == null, ct)
            ? null
            : TypedResults.Problem(statusCode: 404, title: "Agent not found", detail: $"No agent with id {agentId}.");

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$")]
    private static partial Regex ContainerIdPattern();
}
