using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;

namespace ZedOps.Manager.Features.Users;

public sealed record SetAdminRequest(bool IsAdmin);

public sealed record PasswordResetResponse(string Password);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

public static class UsersEndpoints
{
    public static IEndpointRouteBuilder MapUsersEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").RequireAuthorization(Policies.Admin).WithTags("Users");
        group.MapGet("/", ListUsersAsync);
        group.MapPost("/", CreateUserAsync);
        group.MapPost("/{id:guid}/reset-password", ResetPasswordAsync);
        group.MapPut("/{id:guid}/admin", SetAdminAsync);
        group.MapDelete("/{id:guid}", DeleteUserAsync);
        app.MapPost("/api/auth/password", ChangePasswordAsync).RequireAuthorization().WithTags("Auth");
        return app;
    }

    internal static async Task<Ok<List<UserView>>> ListUsersAsync(UserAdministration users, CancellationToken ct) => TypedResults.Ok(await users.ListAsync(ct));

    internal static Task<Results<Created<CreatedUser>, ProblemHttpResult>> CreateUserAsync(CreateUserRequest request, UserAdministration users, HttpContext http) =>
        Guard(async () =>
        {
            var created = await users.CreateAsync(request, AuditActor.From(http), http.RequestAborted);
            return TypedResults.Created($"/api/users/{created.User.Id}", created);
        });

    internal static Task<Results<Ok<PasswordResetResponse>, ProblemHttpResult>> ResetPasswordAsync(Guid id, UserAdministration users, HttpContext http) =>
        Guard(async () => TypedResults.Ok(new PasswordResetResponse(await users.ResetPasswordAsync(id, AuditActor.From(http), http.RequestAborted))));

    internal static Task<Results<NoContent, ProblemHttpResult>> SetAdminAsync(Guid id, SetAdminRequest request, UserAdministration users, HttpContext http) =>
        Guard(async () =>
        {
            await users.SetAdminAsync(id, request.IsAdmin, AuditActor.From(http), http.RequestAborted);
            return TypedResults.NoContent();
        });

    internal static Task<Results<NoContent, ProblemHttpResult>> DeleteUserAsync(Guid id, UserAdministration users, HttpContext http) =>
        Guard(async () =>
        {
            await users.DeleteAsync(id, AuditActor.From(http), http.RequestAborted);
            return TypedResults.NoContent();
        });

    internal static Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(ChangePasswordRequest request, UserAdministration users, ClaimsPrincipal user, HttpContext http) =>
        Guard(async () =>
        {
            await users.ChangeOwnPasswordAsync(Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!), request.CurrentPassword, request.NewPassword,
                AuditActor.From(http), http.RequestAborted);
            return TypedResults.NoContent();
        });

    private static async Task<Results<T, ProblemHttpResult>> Guard<T>(Func<Task<T>> action) where T : IResult
    {
        try
        {
            return await action();
        }
        catch (UserCommandException ex)
        {
            return TypedResults.Problem(statusCode: ex.Status, title: ex.Title, detail: ex.Message);
        }
    }
}
