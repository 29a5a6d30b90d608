using Microsoft.AspNetCore.Http.HttpResults;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.BackupTargets;

/// <summary>Off-host backup targets: admins only, for reading too (a target's settings say where every world goes).</summary>
public static class BackupTargetsEndpoints
{
    public static IEndpointRouteBuilder MapBackupTargetsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/backup-targets").RequireAuthorization(Policies.Admin).WithTags("Backup targets");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapPost("/", CreateAsync);
        group.MapPut("/{id:guid}", UpdateAsync);
        group.MapDelete("/{id:guid}", DeleteAsync);
        group.MapPost("/{id:guid}/test", TestAsync);
        return app;
    }

    internal static async Task<Ok<IReadOnlyList<BackupTargetView>>> ListAsync(BackupTargets targets, CancellationToken ct) =>
        TypedResults.Ok(await targets.ListAsync(ct));

    internal static Task<Results<Ok<BackupTargetView>, ProblemHttpResult>> GetAsync(Guid id, BackupTargets targets, CancellationToken ct) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(await targets.GetAsync(id, ct)));

    internal static Task<Results<Created<BackupTargetView>, ProblemHttpResult>> CreateAsync(BackupTargetRequest request, BackupTargets targets, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            var view = await targets.CreateAsync(request, AuditActor.From(http), http.RequestAborted);
            return TypedResults.Created($"/api/backup-targets/{view.Id}", view);
        });

    internal static Task<Results<Ok<BackupTargetView>, ProblemHttpResult>> UpdateAsync(Guid id, BackupTargetRequest request, BackupTargets targets, HttpContext http) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(await targets.UpdateAsync(id, request, AuditActor.From(http), http.RequestAborted)));

    internal static Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, BackupTargets targets, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            await targets.DeleteAsync(id, AuditActor.From(http), http.RequestAborted);
            return TypedResults.NoContent();
        });

    internal static Task<Results<Ok<BackupTargetTestResult>, ProblemHttpResult>> TestAsync(Guid id, Guid? agentId, TargetProbe probe, HttpContext http) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(await probe.TestAsync(id, agentId, AuditActor.From(http), http.RequestAborted)));
}
