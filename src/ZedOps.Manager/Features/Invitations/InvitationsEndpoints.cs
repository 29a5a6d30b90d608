using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Invitations;

public static class InvitationsEndpoints
{
    public static IEndpointRouteBuilder MapInvitationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/invitations").WithTags("Users");
        group.MapPost("/", InviteAsync).RequireAuthorization(Policies.Admin);
        group.MapGet("/", async (Invitations invitations, CancellationToken ct) => TypedResults.Ok(await invitations.ListAsync(ct))).RequireAuthorization(Policies.Admin);
        group.MapDelete("/{id:guid}", RevokeAsync).RequireAuthorization(Policies.Admin);
        group.MapPost("/accept", AcceptAsync).AllowAnonymous().RequireRateLimiting(AuthServiceCollectionExtensions.LoginRateLimit);

        // The invitation page's form posts here (a static form: the new session's cookie is set on this response).
        app.MapPost("/account/invite", AcceptFormAsync).AllowAnonymous().RequireRateLimiting(AuthServiceCollectionExtensions.LoginRateLimit).ExcludeFromDescription();
        return app;
    }

    internal static async Task<Results<Created<InvitationIssued>, ProblemHttpResult>> InviteAsync(
        InviteRequest request, Invitations invitations, IOptions<ManagerOptions> options, HttpContext http)
    {
        try
        {
            var baseUrl = options.Value.PublicUrl ?? $"{http.Request.Scheme}://{http.Request.Host}";
            var issued = await invitations.InviteAsync(request, baseUrl, AuditActor.From(http), http.RequestAborted);
            return TypedResults.Created($"/api/invitations/{issued.Id}", issued);
        }
        catch (InvitationException ex)
        {
            return TypedResults.Problem(statusCode: ex.Status, title: ex.Title, detail: ex.Message);
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(Guid id, Invitations invitations, HttpContext http) =>
        await invitations.RevokeAsync(id, AuditActor.From(http), http.RequestAborted)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: 404, title: "Not found", detail: "No pending invitation with this id.");

    internal static async Task<Results<Created, ProblemHttpResult>> AcceptAsync(AcceptInvitationRequest request, Invitations invitations, HttpContext http)
    {
        try
        {
            var user = await invitations.AcceptAsync(request, AuditActor.From(http), http.RequestAborted);
            return TypedResults.Created($"/api/users/{user.Id}");
        }
        catch (InvitationException ex)
        {
            return TypedResults.Problem(statusCode: ex.Status, title: ex.Title, detail: ex.Message);
        }
    }

    internal static async Task<RedirectHttpResult> AcceptFormAsync(
        [FromForm] string? token, [FromForm] string? username, [FromForm] string? password, Invitations invitations, SignInManager<ZedOpsUser> signIn, HttpContext http)
    {
        try
        {
            var user = await invitations.AcceptAsync(new AcceptInvitationRequest(token, username, password), AuditActor.From(http), http.RequestAborted);
            await signIn.SignInAsync(user, isPersistent: true);
            return TypedResults.LocalRedirect("/");
        }
        catch (InvitationException ex)
        {
            return TypedResults.LocalRedirect($"/invite?token={Uri.EscapeDataString(token ?? "")}&error={Uri.EscapeDataString(ex.Message)}");
        }
    }
}
