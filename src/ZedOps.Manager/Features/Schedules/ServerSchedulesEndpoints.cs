using Microsoft.AspNetCore.Http.HttpResults;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Schedules;

/// <summary>A server's scheduled tasks: viewers read, operators change; bad input is a 400 problem naming the field.</summary>
public static class ServerSchedulesEndpoints
{
    public static IEndpointRouteBuilder MapServerSchedulesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/servers/{id:guid}/schedules").RequireAuthorization().WithTags("Schedules");
        group.MapGet("/", ListAsync).RequireServer(Capability.View);
        group.MapPost("/", CreateAsync).RequireServer(Capability.Control);
        group.MapPut("/{scheduleId:guid}", UpdateAsync).RequireServer(Capability.Control);
        group.MapDelete("/{scheduleId:guid}", DeleteAsync).RequireServer(Capability.Control);
        group.MapPut("/paused", SetPausedAsync).RequireServer(Capability.Control);
        return app;
    }

    internal static Task<Results<Ok<ServerSchedulesView>, ProblemHttpResult>> ListAsync(Guid id, ServerSchedules schedules, CancellationToken ct) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(await schedules.ListAsync(id, ct)));

    internal static Task<Results<Created<ServerScheduleView>, ProblemHttpResult>> CreateAsync(Guid id, ServerScheduleRequest? request, ServerSchedules schedules, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            var view = await schedules.CreateAsync(id, request ?? Empty, AuditActor.From(http), http.RequestAborted);
            return TypedResults.Created($"/api/servers/{id}/schedules/{view.Id}", view);
        });

    internal static Task<Results<Ok<ServerScheduleView>, ProblemHttpResult>> UpdateAsync(Guid id, Guid scheduleId, ServerScheduleRequest? request, ServerSchedules schedules, HttpContext http) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(await schedules.UpdateAsync(id, scheduleId, request ?? Empty, AuditActor.From(http), http.RequestAborted)));

    internal static Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, Guid scheduleId, ServerSchedules schedules, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            await schedules.DeleteAsync(id, scheduleId, AuditActor.From(http), http.RequestAborted);
            return TypedResults.NoContent();
        });

    internal static Task<Results<Ok<ServerSchedulesView>, ProblemHttpResult>> SetPausedAsync(Guid id, PauseRequest request, ServerSchedules schedules, HttpContext http) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(await schedules.SetPausedAsync(id, request.Paused, AuditActor.From(http), http.RequestAborted)));

    private static readonly ServerScheduleRequest Empty = new(null, null, null);
}

public static class ServerScheduleServices
{
    /// <summary>The scheduler's clock is a keyed <see cref="TimeProvider"/> (the app's by default) so a test can move the
    /// schedules' time — and the warning ladders they start — without moving heartbeats and timeouts.</summary>
    public static IServiceCollection AddZedOpsSchedules(this IServiceCollection services)
    {
        services.AddKeyedSingleton(ServerScheduler.ClockKey, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddScoped<ServerSchedules>();
        services.AddHostedService<ServerScheduler>();
        return services;
    }
}
