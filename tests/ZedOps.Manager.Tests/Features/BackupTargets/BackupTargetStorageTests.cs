using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.BackupTargets;

namespace ZedOps.Manager.Tests.Features.BackupTargets;

/// <summary>Target CRUD on each database provider: validation, unique names, credentials kept on update and
/// encrypted at rest, delete.</summary>
public sealed class BackupTargetStorageTests
{
    [Fact]
    public Task Sqlite_Crud_KeepsCredentialsEncrypted() => RunAsync(new ManagerHostOptions());

    [PostgresFact]
    public async Task Postgres_Crud_KeepsCredentialsEncrypted()
    {
        var database = "zedops_targets_" + Guid.NewGuid().ToString("N")[..12];
        var server = Requirements.PostgresConnectionString!;
        await ExecuteAsync(server, $"CREATE DATABASE {database}");
        try
        {
            await RunAsync(new ManagerHostOptions { PostgresConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString });
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task RunAsync(ManagerHostOptions options)
    {
        await using var manager = await ManagerHost.StartAsync(options);
        try
        {
            using var admin = await manager.CreateAdminClientAsync();
            var secret = "secret-" + Guid.NewGuid().ToString("N");
            object S3(string bucket, string? secretKey) => new { endpoint = "https://s3.example.test", bucket, accessKey = secretKey is null ? null : "AKIA1", secretKey };

            using var unknownServer = await admin.PostAsJsonAsync("/api/backup-targets", new { name = "a", kind = "s3", allServers = false, serverIds = new[] { Guid.NewGuid() }, s3 = S3("bucket-a", secret) });
            Assert.Equal(HttpStatusCode.BadRequest, unknownServer.StatusCode);
            Assert.Contains("No such server", await unknownServer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var created = await admin.PostAsJsonAsync("/api/backup-targets", new { name = "a", kind = "s3", s3 = S3("bucket-a", secret) });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var view = (await created.Content.ReadFromJsonAsync<BackupTargetView>())!;
            using var duplicate = await admin.PostAsJsonAsync("/api/backup-targets", new { name = "a", kind = "s3", s3 = S3("bucket-b", secret) });
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

            using var updated = await admin.PutAsJsonAsync($"/api/backup-targets/{view.Id}", new { name = "a", kind = "s3", s3 = S3("bucket-c", null) });
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
            var after = (await updated.Content.ReadFromJsonAsync<BackupTargetView>())!;
            Assert.Equal(("bucket-c", SecretState.Set, SecretState.Set), (after.S3!.Bucket, after.S3.AccessKey, after.S3.SecretKey));

            await using (var scope = manager.Services.CreateAsyncScope())
            {
                var row = await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().BackupTargets.AsNoTracking().SingleAsync();
                Assert.DoesNotContain(secret, row.ProtectedSecrets, StringComparison.Ordinal);
                var remote = await scope.ServiceProvider.GetRequiredService<Manager.Features.BackupTargets.BackupTargets>().RemoteAsync(view.Id, CancellationToken.None);
                Assert.Equal(secret, remote.S3!.SecretKey); // kept through the update that left it out
            }

            using var deleted = await admin.DeleteAsync($"/api/backup-targets/{view.Id}");
            using var gone = await admin.GetAsync($"/api/backup-targets/{view.Id}");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        finally
        {
            manager.DeleteData();
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
