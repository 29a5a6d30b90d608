using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ZedOps.Manager.Data;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Tests.Data;

/// <summary>The migration that binds API tokens to the security stamp keeps tokens made before it working.</summary>
public sealed class ApiTokenStampMigrationTests
{
    [Fact]
    public async Task Migration_BindsExistingTokensToTheirOwnersCurrentStamp()
    {
        var path = Path.Combine(Path.GetTempPath(), $"zedops-migration-{Guid.NewGuid():N}.db");
        try
        {
            await using (var db = new SqliteZedOpsDbContext(new DbContextOptionsBuilder<SqliteZedOpsDbContext>().UseSqliteStore($"Data Source={path}")))
            {
                var migrator = db.GetService<IMigrator>();
                await migrator.MigrateAsync("Invitations");
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO AspNetUsers (Id, UserName, SecurityStamp, CreatedAt, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
                        VALUES ('6F9619FF-8B86-D011-B42D-00C04FC964FF', 'old', 'STAMP-OLD', 0, 0, 0, 0, 1, 0);
                    INSERT INTO api_tokens (Id, UserId, Name, TokenHash, CreatedAt)
                        VALUES ('7F9619FF-8B86-D011-B42D-00C04FC964FF', '6F9619FF-8B86-D011-B42D-00C04FC964FF', 'script', 'hash', 0);
                    """);

                await migrator.MigrateAsync();

                Assert.Equal("STAMP-OLD", await db.ApiTokens.Select(t => t.SecurityStamp).SingleAsync());
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }
}
