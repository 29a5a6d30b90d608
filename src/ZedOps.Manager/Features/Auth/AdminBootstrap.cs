using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Auth;

/// <summary>First start: create the admin role and the <c>admin</c> user. A generated password goes to the console once,
/// never to the log.</summary>
internal sealed partial class AdminBootstrap(
    UserManager<ZedOpsUser> users, RoleManager<ZedOpsRole> roles, IOptions<ManagerOptions> options, TimeProvider time, ILogger<AdminBootstrap> logger)
{
    public const string AdminUserName = "admin";

    public async Task EnsureAdminAsync(CancellationToken ct)
    {
        if (!await roles.RoleExistsAsync(Roles.Admin))
        {
            Check(await roles.CreateAsync(new ZedOpsRole(Roles.Admin)));
        }
        if (await users.FindByNameAsync(AdminUserName) is not null)
        {
            return;
        }
        var generated = string.IsNullOrEmpty(options.Value.AdminPassword);
        var password = generated ? Secrets.NewPassword() : options.Value.AdminPassword!;
        var admin = new ZedOpsUser { UserName = AdminUserName, CreatedAt = time.GetUtcNow(), LockoutEnabled = true };
        Check(await users.CreateAsync(admin, password));
        Check(await users.AddToRoleAsync(admin, Roles.Admin));
        LogAdminCreated(logger, AdminUserName, generated ? "a generated password (printed on the console once)" : "the password from ZEDOPS_ADMIN_PASSWORD");
        if (generated)
        {
            Console.WriteLine();
            Console.WriteLine("==================================================================");
            Console.WriteLine($"  ZedOps first start: user '{AdminUserName}', password: {password}");
            Console.WriteLine("  This is shown once. Change it after logging in.");
            Console.WriteLine("==================================================================");
            Console.WriteLine();
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Could not create the admin account: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    [LoggerMessage(LogLevel.Information, "Created user '{User}' with {Source}")]
    private static partial void LogAdminCreated(ILogger logger, string user, string source);
}

public static class Roles
{
    public const string Admin = "admin";
}

public static class Policies
{
    public const string Admin = "admin";
}
