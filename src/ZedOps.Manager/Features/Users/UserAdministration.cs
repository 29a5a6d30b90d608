using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Users;

public sealed record UserView(Guid Id, string Username, bool IsAdmin, bool LockedOut, DateTimeOffset CreatedAt);

public sealed record CreateUserRequest(string? Username, string? Password, bool IsAdmin);

public sealed record CreatedUser(UserView User, string? GeneratedPassword);

/// <summary>Admin operations on accounts. Every change rotates the security stamp, so open sessions (cookies, Blazor
/// circuits) of that user are re-checked and end; API tokens are checked against the account on every call.</summary>
public sealed class UserAdministration(UserManager<ZedOpsUser> users, AuditLog audit, TimeProvider time, PasswordChangeThrottle throttle)
{
    public async Task<List<UserView>> ListAsync(CancellationToken ct)
    {
        var all = await users.Users.AsNoTracking().OrderBy(u => u.UserName).ToListAsync(ct);
        var admins = (await users.GetUsersInRoleAsync(Roles.Admin)).Select(u => u.Id).ToHashSet();
        var now = time.GetUtcNow();
        return [.. all.Select(u => new UserView(u.Id, u.UserName!, admins.Contains(u.Id), u.LockoutEnd > now, u.CreatedAt))];
    }

    public async Task<CreatedUser> CreateAsync(CreateUserRequest request, AuditActor actor, CancellationToken ct)
    {
        var name = request.Username?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 64)
        {
            throw new UserCommandException(400, "Invalid username", "Give the user a name of 1–64 characters.");
        }
        var generated = string.IsNullOrEmpty(request.Password) ? Secrets.NewPassword() : null;
        var user = new ZedOpsUser { UserName = name, CreatedAt = time.GetUtcNow(), LockoutEnabled = true };
        Check(await users.CreateAsync(user, request.Password is { Length: > 0 } p ? p : generated!), "Could not create the user");
        if (request.IsAdmin)
        {
            Check(await users.AddToRoleAsync(user, Roles.Admin), "Could not make the user an admin");
        }
        await audit.WriteAsync(actor, "user.create", $"user:{name}", details: request.IsAdmin ? "admin" : null, ct: ct);
        return new CreatedUser(new UserView(user.Id, name, request.IsAdmin, false, user.CreatedAt), generated);
    }

    public async Task<string> ResetPasswordAsync(Guid id, AuditActor actor, CancellationToken ct)
    {
        var user = await FindAsync(id);
        var password = Secrets.NewPassword();
        Check(await users.RemovePasswordAsync(user), "Could not reset the password");
        Check(await users.AddPasswordAsync(user, password), "Could not reset the password");
        await users.SetLockoutEndDateAsync(user, null);
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync(actor, "user.reset_password", $"user:{user.UserName}", ct: ct);
        return password;
    }

    public async Task SetAdminAsync(Guid id, bool isAdmin, AuditActor actor, CancellationToken ct)
    {
        var user = await FindAsync(id);
        if (!isAdmin && user.Id == actor.UserId)
        {
            throw new UserCommandException(409, "Cannot demote yourself", "Another admin must remove your admin role, so ZedOps always keeps one.");
        }
        var result = isAdmin ? await users.AddToRoleAsync(user, Roles.Admin) : await users.RemoveFromRoleAsync(user, Roles.Admin);
        Check(result, "Could not change the role");
        await users.UpdateSecurityStampAsync(user);
        await audit.WriteAsync(actor, isAdmin ? "user.grant_admin" : "user.revoke_admin", $"user:{user.UserName}", ct: ct);
    }

    public async Task DeleteAsync(Guid id, AuditActor actor, CancellationToken ct)
    {
        var user = await FindAsync(id);
        if (user.Id == actor.UserId)
        {
            throw new UserCommandException(409, "Cannot remove yourself", "Another admin must remove your account.");
        }
        Check(await users.DeleteAsync(user), "Could not remove the user");
        await audit.WriteAsync(actor, "user.delete", $"user:{user.UserName}", ct: ct);
    }

    public async Task ChangeOwnPasswordAsync(Guid id, string? current, string? next, AuditActor actor, CancellationToken ct)
    {
        var user = await FindAsync(id);
        if (string.IsNullOrEmpty(current) || string.IsNullOrEmpty(next))
        {
            throw new UserCommandException(400, "Missing password", "Give the current and the new password.");
        }
        if (throttle.BlockedUntil(user.Id) is { } until)
        {
            throw new UserCommandException(429, "Too many wrong passwords",
                $"The current password was wrong too often; try again in {Math.Ceiling((until - time.GetUtcNow()).TotalMinutes):0} minutes.");
        }
        if (!await users.CheckPasswordAsync(user, current))
        {
            throttle.Failed(user.Id);
            await audit.WriteAsync(actor, "user.change_password", $"user:{user.UserName}", succeeded: false, details: "wrong current password", ct: ct);
            throw new UserCommandException(400, "Could not change the password", "The current password is wrong.");
        }
        Check(await users.ChangePasswordAsync(user, current, next), "Could not change the password");
        throttle.Succeeded(user.Id);
        await audit.WriteAsync(actor, "user.change_password", $"user:{user.UserName}", ct: ct);
    }

    private async Task<ZedOpsUser> FindAsync(Guid id) =>
        await users.FindByIdAsync(id.ToString()) ?? throw new UserCommandException(404, "User not found", $"No user with id {id}.");

    private static void Check(IdentityResult result, string title)
    {
        if (!result.Succeeded)
        {
            throw new UserCommandException(400, title, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

public sealed class UserCommandException(int status, string title, string detail) : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
}
