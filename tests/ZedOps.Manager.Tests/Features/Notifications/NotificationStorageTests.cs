using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Notifications;

namespace ZedOps.Manager.Tests.Features.Notifications;

/// <summary>Channel CRUD and the delivery log on each database provider: lists of events and servers stored, secrets
/// kept through an update that leaves them out and encrypted at rest, deliveries removed with their channel.</summary>
public sealed class NotificationStorageTests
{
    [Fact]
    public Task Sqlite_ChannelCrudAndDeliveries_Persist() => RunAsync(new ManagerHostOptions());

    [PostgresFact]
    public async Task Postgres_ChannelCrudAndDeliveries_Persist()
    {
        var database = "zedops_notify_" + Guid.NewGuid().ToString("N")[..12];
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
        await using var receiver = await HttpReceiver.StartAsync();
        await using var manager = await ManagerHost.StartAsync(options);
        try
        {
            using var admin = await manager.CreateAdminClientAsync();
            var agent = await manager.RegisterAgentAsync(admin);
            var serverId = await manager.AddServerRowAsync(agent.AgentId, "notify-" + Guid.NewGuid().ToString("N")[..6]);
            var url = receiver.Url("/hook/" + Guid.NewGuid().ToString("N")).ToString();

            using var created = await admin.PostAsJsonAsync("/api/notifications/channels", new
            {
                name = "hook", kind = "webhook", url, signingSecret = "k", allServers = false, serverIds = new[] { serverId },
                playerServerIds = new[] { serverId }, events = new[] { "server.down", "player.joined" },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var view = (await created.Content.ReadFromJsonAsync<NotificationChannelView>())!;
            using var duplicate = await admin.PostAsJsonAsync("/api/notifications/channels", new { name = "hook", kind = "webhook", url });
            Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

            using var updated = await admin.PutAsJsonAsync($"/api/notifications/channels/{view.Id}", new { name = "hook2" });
            var after = (await updated.Content.ReadFromJsonAsync<NotificationChannelView>())!;
            Assert.Equal(("hook2", "set (….0.1)", "set"), (after.Name, after.Url, after.SigningSecret));
            Assert.Equal([serverId], after.ServerIds);
            Assert.Equal([serverId], after.PlayerServerIds);
            Assert.Equal(["server.down", "player.joined"], after.Events);

            using var test = await admin.PostAsync($"/api/notifications/channels/{view.Id}/test", null);
            Assert.True((await test.Content.ReadFromJsonAsync<NotificationTestResult>())!.Succeeded);
            Assert.Equal(url, receiver.Url(Assert.Single(receiver.Requests).Path).ToString()); // the URL survived the update that left it out

            await using (var scope = manager.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
                var row = await db.NotificationChannels.AsNoTracking().SingleAsync();
                Assert.DoesNotContain("/hook/", row.ProtectedSecrets, StringComparison.Ordinal);
                Assert.Equal(DeliveryStatuses.Sent, (await db.NotificationDeliveries.AsNoTracking().SingleAsync()).Status);
            }

            using var deleted = await admin.DeleteAsync($"/api/notifications/channels/{view.Id}");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.Empty((await admin.GetFromJsonAsync<List<NotificationDeliveryView>>("/api/notifications/deliveries"))!);
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
