using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Settings;

/// <summary>The settings editor's API. Viewers read (secrets masked); operators save game settings; admin-only keys and
/// the raw environment are checked per key in <see cref="ServerSettings"/>.</summary>
public static class SettingsEndpoints
{
    public static IEndpointRouteBuilder MapSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/servers/{id:guid}/settings").RequireAuthorization().WithTags("Settings");
        group.MapGet("/", GetAsync).RequireServer(Capability.View);
        group.MapGet("/catalog", (string? build) => TypedResults.Ok(OptionCatalog.For(build == "42" ? PzFacts.GameBuild.B42 : PzFacts.GameBuild.B41)))
            .RequireServer(Capability.View);
        group.MapPut("/ini", (Guid id, SaveIniRequest request, ServerSettings settings, HttpContext http) =>
            ServersEndpoints.Guard(async () => TypedResults.Ok(await settings.SaveIniAsync(id, request, AuditActor.From(http), AdminRights.Has(http.User), http.RequestAborted))))
            .RequireServer(Capability.Control);
        group.MapPut("/sandbox", (Guid id, SaveSandboxRequest request, ServerSettings settings, HttpContext http) =>
            ServersEndpoints.Guard(async () => TypedResults.Ok(await settings.SaveSandboxAsync(id, request, AuditActor.From(http), http.RequestAborted))))
            .RequireServer(Capability.Control);
        group.MapPut("/mods", (Guid id, SaveModsRequest request, ServerSettings settings, HttpContext http) =>
            ServersEndpoints.Guard(async () => TypedResults.Ok(await settings.SaveModsAsync(id, request, AuditActor.From(http), AdminRights.Has(http.User), http.RequestAborted))))
            .RequireServer(Capability.Control);
        group.MapPost("/mods/parse-collection", (ImportCollectionRequest request) => TypedResults.Ok(ModList.ParseCollection(request.Text ?? "")))
            .RequireServer(Capability.View);
        group.MapPost("/apply", (Guid id, SettingsApply apply, HttpContext http) =>
            ServersEndpoints.Guard(async () => TypedResults.Ok(await apply.ApplyAsync(id, AuditActor.From(http), http.RequestAborted))))
            .RequireServer(Capability.Control);
        group.MapGet("/history", async (Guid id, int? limit, SettingsHistory history, CancellationToken ct) =>
            TypedResults.Ok(await history.ListAsync(id, Math.Clamp(limit ?? 50, 1, 500), ct))).RequireServer(Capability.View);
        group.MapPost("/history/{versionId:long}/revert", (Guid id, long versionId, ServerSettings settings, HttpContext http) =>
            ServersEndpoints.Guard(async () => TypedResults.Ok(await settings.RevertAsync(id, versionId, AuditActor.From(http), AdminRights.Has(http.User), http.RequestAborted))))
            .RequireServer(Capability.Control);
        return app;
    }

    internal static Task<Results<Ok<SettingsView>, ProblemHttpResult>> GetAsync(Guid id, ServerSettings settings, ClaimsPrincipal user, CancellationToken ct) =>
        ServersEndpoints.Guard(async () =>
        {
            var admin = AdminRights.Has(user);
            return TypedResults.Ok(await settings.GetAsync(id, canSeeSecrets: admin, isAdmin: admin, ct));
        });
}
