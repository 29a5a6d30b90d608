using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using ZedOps.Manager.Features.Auth;

namespace ZedOps.Manager.Tests.Features.Auth;

/// <summary>Issue 10 item 8: an owner-only data dir, and two-factor secrets that a copy of the database does not reveal.</summary>
public sealed class SecretsAtRestTests
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task DataDirAndSqliteFiles_AreOwnerOnly_EvenWhenTheyExistedOpen()
    {
        var options = new ManagerHostOptions();
        Directory.CreateDirectory(options.DataDir);
        File.SetUnixFileMode(options.DataDir, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await using var manager = await ManagerHost.StartAsync(options);
        using var admin = await manager.CreateAdminClientAsync(); // a write, so the WAL and shared-memory files exist

        var db = Path.Combine(options.DataDir, "zedops.db");
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(options.DataDir));
        foreach (var file in new[] { db, db + "-wal", db + "-shm" })
        {
            Assert.True(File.Exists(file), $"{file} exists");
            Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file));
        }
        manager.DeleteData();
    }

    [Fact]
    public async Task TwoFactorSecrets_AreNotStoredInClear()
    {
        await using var manager = await ManagerHost.StartAsync();
        using var admin = await manager.CreateAdminClientAsync();
        var setup = await (await admin.PostAsJsonAsync("/api/auth/2fa/setup", new { currentPassword = ManagerHost.AdminPassword })).Content.ReadFromJsonAsync<TwoFactorSetup>();
        var codes = (await (await admin.PostAsJsonAsync("/api/auth/2fa/enable", new { code = TestTotp.Now(setup!.SharedKey) })).Content.ReadFromJsonAsync<RecoveryCodes>())!.Codes;

        var stored = await ReadTokensAsync(manager.Options.DataDir);

        Assert.DoesNotContain(setup.SharedKey, stored, StringComparison.Ordinal);
        Assert.All(codes, c => Assert.DoesNotContain(c, stored, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(manager, TestTotp.Now(setup.SharedKey))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(manager, codes[1])).StatusCode);
        manager.DeleteData();
    }

    [Fact]
    public async Task ClearSecretsFromAnEarlierVersion_AreProtectedAtStart_AndStillWork()
    {
        const string key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        var options = new ManagerHostOptions();
        await using (var first = await ManagerHost.StartAsync(options))
        {
        }
        SqliteConnection.ClearAllPools();
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(options.DataDir, "zedops.db")}"))
        {
            await connection.OpenAsync();
            await using var legacy = connection.CreateCommand();
            legacy.CommandText = """
                UPDATE AspNetUsers SET TwoFactorEnabled = 1 WHERE UserName = 'admin';
                INSERT INTO AspNetUserTokens (UserId, LoginProvider, Name, Value) SELECT Id, '[AspNetUserStore]', 'AuthenticatorKey', $key FROM AspNetUsers WHERE UserName = 'admin';
                INSERT INTO AspNetUserTokens (UserId, LoginProvider, Name, Value) SELECT Id, '[AspNetUserStore]', 'RecoveryCodes', 'AAAAA-BBBBB;CCCCC-DDDDD' FROM AspNetUsers WHERE UserName = 'admin';
                """;
            legacy.Parameters.AddWithValue("$key", key);
            await legacy.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();

        await using var manager = await ManagerHost.StartAsync(options with { });

        var stored = await ReadTokensAsync(options.DataDir);
        Assert.DoesNotContain(key, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAAA-BBBBB", stored, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(manager, TestTotp.Now(key))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(manager, "CCCCC-DDDDD")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(manager, "CCCCC-DDDDD")).StatusCode);
        manager.DeleteData();
    }

    private static async Task<string> ReadTokensAsync(string dataDir)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDir, "zedops.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT group_concat(Name || '=' || coalesce(Value, ''), char(10)) FROM AspNetUserTokens";
        return (string)(await read.ExecuteScalarAsync())!;
    }

    private static async Task<HttpResponseMessage> LoginAsync(ManagerHost manager, string code)
    {
        using var client = manager.CreateAnonymousClient();
        return await client.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = ManagerHost.AdminPassword, twoFactorCode = code });
    }
}
