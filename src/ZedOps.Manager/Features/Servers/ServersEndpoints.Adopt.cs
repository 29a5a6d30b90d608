using Microsoft.AspNetCore.Http.HttpResults;
using ZedOps.Manager.Features.Audit;

namespace ZedOps.Manager.Features.Servers;

public static partial class ServersEndpoints
{
    /// <summary>Unmanaged containers on the agent that look like PZ servers, with what adopting each would infer.</summary>
    internal static async Task<Results<Ok<List<AdoptableView>>, ProblemHttpResult>> ListAdoptableAsync(Guid agentId, ServerAdoption adoption, CancellationToken ct) =>
        await Guard(async () => TypedResults.Ok(await adoption.ListAsync(agentId, ct)));

    internal static async Task<Results<Accepted<ServerView>, ProblemHttpResult>> AdoptServerAsync(
        Guid agentId, AdoptServerRequest request, ServerAdoption adoption, ServerViews views, HttpContext http) =>
        await Guard(async () =>
        {
            var row = await adoption.AdoptAsync(agentId, request, AuditActor.From(http), http.RequestAborted);
            return TypedResults.Accepted($"/api/servers/{row.Id}", (await views.GetAsync(row.Id, withSecrets: true, http.RequestAborted))!);
        });
}
