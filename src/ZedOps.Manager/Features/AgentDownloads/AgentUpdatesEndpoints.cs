using Microsoft.AspNetCore.Http.HttpResults;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.AgentDownloads;

/// <summary>Admin-only: replace agents' binaries with the build this manager serves.</summary>
public static class AgentUpdatesEndpoints
{
    public static IEndpointRouteBuilder MapAgentUpdatesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/agents").RequireAuthorization(Policies.Admin).WithTags("Agents");
        group.MapPost("/{id:guid}/update", UpdateOneAsync);
        group.MapPost("/update-outdated", UpdateOutdatedAsync);
        return app;
    }

    internal static async Task<Results<Ok<AgentUpdateOutcome>, ProblemHttpResult>> UpdateOneAsync(Guid id, AgentUpdates updates, HttpContext http)
    {
        try
        {
            return TypedResults.Ok(await updates.UpdateAsync(id, AuditActor.From(http), http.RequestAborted));
        }
        catch (WireRequestException ex)
        {
            return AgentProblems.From(ex);
        }
    }

    /// <summary>One after the other, so a bad build stops at the first agent that rolls back instead of all at once.</summary>
    internal static async Task<Ok<List<AgentUpdateOutcome>>> UpdateOutdatedAsync(AgentUpdates updates, AgentRegistry registry, AgentReleases releases, HttpContext http)
    {
        var outcomes = new List<AgentUpdateOutcome>();
        var outdated = registry.Snapshot().Where(s => s.Online && releases.Describe(s.Host).State == UpdateStates.Outdated);
        foreach (var agent in outdated)
        {
            try
            {
                outcomes.Add(await updates.UpdateAsync(agent.Id, AuditActor.From(http), http.RequestAborted));
            }
            catch (WireRequestException ex)
            {
                outcomes.Add(new AgentUpdateOutcome(agent.Id, agent.Name, "failed", $"{ex.Code}: {ex.Message}", agent.Host?.BuildSha256, null));
                break;
            }
        }
        return TypedResults.Ok(outcomes);
    }
}
