using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Tokens;

namespace ZedOps.Manager.Tests.Data;

/// <summary>The same data scenario on each provider: migrations, identity, agents, tokens, audit, and a restart.</summary>
public sealed class DatabaseProviderTests
{
    [Fact]
    public void Migrations_CoverTheModel_OnBothProviders()
    {
        using var sqlite = new Manager.Hosting.SqliteDesignTimeFactory().CreateDbContext([]);
        using var postgres = new Manager.Hosting.PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite migrations are behind the model: run dotnet ef migrations add");
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL migrations are behind the model: run dotnet ef migrations add");
    }

    [Fact]
    public Task Sqlite_FullScenario_PersistsAcrossRestart() => RunScenarioAsync(new ManagerHostOptions());

    [PostgresFact]
    public async Task Postgres_FullScenario_PersistsAcrossRestart()
    {
        var database = "zedops_test_" + Guid.NewGuid().ToString("N")[..12];
        var server = Requirements.PostgresConnectionString!;
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
            await create.ExecuteNonQueryAsync();
        }
        try
        {
            await RunScenarioAsync(new ManagerHostOptions { PostgresConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString });
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static async Task RunScenarioAsync(ManagerHostOptions options)
    {
        Guid keptId;
        Guid revokedId;
        string apiToken;
        await using (var manager = await ManagerHost.StartAsync(options))
        {
            using var admin = await manager.CreateAdminClientAsync();
            var kept = await manager.RegisterAgentAsync(admin, "kept");
            var revoked = await manager.RegisterAgentAsync(admin, "revoked");
            (await admin.DeleteAsync($"/api/agents/{revoked.AgentId}")).EnsureSuccessStatusCode();
            var replacement = await manager.RegisterAgentAsync(admin, "revoked"); // a revoked agent frees its name
            Assert.NotEqual(revoked.AgentId, replacement.AgentId);
            await using var agent = AgentProcess.Start(manager.BaseAddress, await manager.CreateRegistrationTokenAsync(admin), "live-one");
            await Eventually.TrueAsync(() => manager.Registry.OnlineCount == 1, "agent online");
            var token = await admin.PostAsJsonAsync("/api/tokens", new { name = "persisted", currentPassword = ManagerHost.AdminPassword });
            apiToken = (await token.Content.ReadFromJsonAsync<CreatedToken>())!.Token;
            keptId = kept.AgentId;
            revokedId = revoked.AgentId;

            await using var scope = manager.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
            var newest = await db.AuditEvents.OrderByDescending(e => e.At).Select(e => e.Action).FirstAsync();
            Assert.Equal("token.create", newest);
        }

        await using (var restarted = await ManagerHost.StartAsync(options with { }))
        {
            using var bearer = restarted.CreateAnonymousClient();
            bearer.DefaultRequestHeaders.Authorization = new("Bearer", apiToken);
            var agents = (await bearer.GetFromJsonAsync<List<AgentView>>("/api/agents"))!;
            Assert.Equal(["kept", "live-one", "revoked"], agents.Select(a => a.Name).ToArray());
            Assert.Contains(agents, a => a.Id == keptId && a.Status == "offline");
            Assert.DoesNotContain(agents, a => a.Id == revokedId);
            Assert.True(agents.Single(a => a.Name == "live-one").LastSeenAt is not null);
            using var login = await restarted.CreateAnonymousClient().PostAsJsonAsync("/api/auth/login", new { username = "admin", password = ManagerHost.AdminPassword });
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
            restarted.DeleteData();
        }
    }
}
