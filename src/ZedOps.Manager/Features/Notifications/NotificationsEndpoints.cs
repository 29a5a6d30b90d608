using Microsoft.AspNetCore.Http.HttpResults;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Notifications;

/// <summary>Notification channels and their delivery log: admins only (a channel's settings say where alerts go).</summary>
public static class NotificationsEndpoints
{
    public static IEndpointRouteBuilder MapNotificationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").RequireAuthorization(Policies.Admin).WithTags("Notifications");
        group.MapGet("/channels", ListAsync);
        group.MapGet("/channels/{id:guid}", GetAsync);
        group.MapPost("/channels", CreateAsync);
        group.MapPut("/channels/{id:guid}", UpdateAsync);
        group.MapDelete("/channels/{id:guid}", DeleteAsync);
        group.MapPost("/channels/{id:guid}/test", TestAsync);
        group.MapGet("/deliveries", DeliveriesAsync);
        group.MapGet("/event-types", () => TypedResults.Ok(NotificationEventTypes.All));
        return app;
    }

    internal static async Task<Ok<IReadOnlyList<NotificationChannelView>>> ListAsync(NotificationChannels channels, CancellationToken ct) =>
        TypedResults.Ok(await channels.ListAsync(ct));

    internal static Task<Results<Ok<NotificationChannelView>, ProblemHttpResult>> GetAsync(Guid id, NotificationChannels channels, CancellationToken ct) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(await channels.GetAsync(id, ct)));

    internal static Task<Results<Created<NotificationChannelView>, ProblemHttpResult>> CreateAsync(
        NotificationChannelRequest request, NotificationChannels channels, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            var view = await channels.CreateAsync(request, AuditActor.From(http), http.RequestAborted);
            return TypedResults.Created($"/api/notifications/channels/{view.Id}", view);
        });

    internal static Task<Results<Ok<NotificationChannelView>, ProblemHttpResult>> UpdateAsync(
        Guid id, NotificationChannelRequest request, NotificationChannels channels, HttpContext http) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(await channels.UpdateAsync(id, request, AuditActor.From(http), http.RequestAborted)));

    internal static Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid id, NotificationChannels channels, HttpContext http) =>
        ServersEndpoints.Guard(async () =>
        {
            await channels.DeleteAsync(id, AuditActor.From(http), http.RequestAborted);
            return TypedResults.NoContent();
        });

    internal static Task<Results<Ok<NotificationTestResult>, ProblemHttpResult>> TestAsync(Guid id, NotificationChannels channels, HttpContext http) =>
        ServersEndpoints.Guard(async () => TypedResults.Ok(await channels.TestAsync(id, AuditActor.From(http), http.RequestAborted)));

    internal static async Task<Ok<IReadOnlyList<NotificationDeliveryView>>> DeliveriesAsync(
        Guid? channelId, int? take, NotificationChannels channels, CancellationToken ct) =>
        TypedResults.Ok(await channels.DeliveriesAsync(channelId, take ?? 100, ct));
}
