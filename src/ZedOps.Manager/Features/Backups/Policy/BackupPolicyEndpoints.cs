using Microsoft.AspNetCore.Http.HttpResults;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;

namespace ZedOps.Manager.Features.Backups.Policy;

/// <summary>Locks, retention and schedules of a server's backups: viewers read, operators change.</summary>
public static class BackupPolicyEndpoints
{
    public sealed record PolicyRequest(int? KeepLast, int? KeepDaily, int? KeepWeekly);

    public sealed record PolicyView(int KeepLast, int KeepDaily, int KeepWeekly, bool KeepsEverything, string Description, IReadOnlyList<string> Pruned);

    public static IEndpointRouteBuilder MapBackupPolicyEndpoints(this IEndpointRouteBuilder app)
    {
        var backups = app.MapGroup("/api/servers/{id:guid}/backups").RequireAuthorization().WithTags("Backups");
        backups.MapPost("/{backupId}/lock", LockAsync).RequireServer(Capability.Control);
        backups.MapDelete("/{backupId}/lock", UnlockAsync).RequireServer(Capability.Control);
        backups.MapGet("/policy", GetPolicyAsync).RequireServer(Capability.View);
        backups.MapPut("/policy", PutPolicyAsync).RequireServer(Capability.Control);
        backups.MapGet("/schedules", ListSchedulesAsync).RequireServer(Capability.View);
        backups.MapPost("/schedules", CreateScheduleAsync).RequireServer(Capability.Control);
        backups.MapPut("/schedules/{scheduleId:guid}", UpdateScheduleAsync).RequireServer(Capability.Control);
        backups.MapDelete("/schedules/{scheduleId:guid}", DeleteScheduleAsync).RequireServer(Capability.Control);
        return app;
    }

    internal static Task<Results<Ok<BackupInfo>, ProblemHttpResult>> LockAsync(Guid id, string backupId, BackupLocks locks, HttpContext http) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(await locks.SetAsync(id, backupId, true, AuditActor.From(http), http.RequestAborted)));

    internal static Task<Results<Ok<BackupInfo>, ProblemHttpResult>> UnlockAsync(Guid id, string backupId, BackupLocks locks, HttpContext http) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(await locks.SetAsync(id, backupId, false, AuditActor.From(http), http.RequestAborted)));

    internal static Task<Results<Ok<PolicyView>, ProblemHttpResult>> GetPolicyAsync(Guid id, BackupRetention retention, CancellationToken ct) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(View(await retention.GetAsync(id, ct), [])));

    /// <summary>Saves the policy, then prunes at once by it (an offline agent is pruned after its next backup).</summary>
    internal static Task<Results<Ok<PolicyView>, ProblemHttpResult>> PutPolicyAsync(Guid id, PolicyRequest? request, BackupRetention retention, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            var policy = new RetentionPolicy(request?.KeepLast ?? 0, request?.KeepDaily ?? 0, request?.KeepWeekly ?? 0);
            await retention.SetAsync(id, policy, AuditActor.From(http), http.RequestAborted);
            return TypedResults.Ok(View(policy, await retention.PruneAsync(id, null, http.RequestAborted)));
        });

    internal static Task<Results<Ok<IReadOnlyList<ScheduleView>>, ProblemHttpResult>> ListSchedulesAsync(Guid id, BackupSchedules schedules, CancellationToken ct) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(await schedules.ListAsync(id, ct)));

    internal static Task<Results<Created<ScheduleView>, ProblemHttpResult>> CreateScheduleAsync(Guid id, ScheduleRequest? request, BackupSchedules schedules, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            var view = await schedules.CreateAsync(id, request ?? new ScheduleRequest(null, null, null, null), AuditActor.From(http), http.RequestAborted);
            return TypedResults.Created($"/api/servers/{id}/backups/schedules/{view.Id}", view);
        });

    internal static Task<Results<Ok<ScheduleView>, ProblemHttpResult>> UpdateScheduleAsync(Guid id, Guid scheduleId, ScheduleRequest? request, BackupSchedules schedules, HttpContext http) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(
            await schedules.UpdateAsync(id, scheduleId, request ?? new ScheduleRequest(null, null, null, null), AuditActor.From(http), http.RequestAborted)));

    internal static Task<Results<NoContent, ProblemHttpResult>> DeleteScheduleAsync(Guid id, Guid scheduleId, BackupSchedules schedules, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            await schedules.DeleteAsync(id, scheduleId, AuditActor.From(http), http.RequestAborted);
            return TypedResults.NoContent();
        });

    private static PolicyView View(RetentionPolicy p, IReadOnlyList<string> pruned) =>
        new(p.KeepLast, p.KeepDaily, p.KeepWeekly, p.KeepsEverything, BackupRetention.Describe(p), pruned);
}
