using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Metrics;

namespace ZedOps.Manager.Tests.Features.Metrics;

/// <summary>The metrics store on each provider, on an injected clock: rollup to 1-minute and 15-minute averages with
/// the right values, pruning of each tier past its retention in bounded passes, the tier a chart range reads, and who
/// may read server and host series.</summary>
public sealed class MetricsStorageTests
{
    private static readonly DateTimeOffset s_now = new(2027, 1, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public Task Sqlite_RollupPruneQuery() => RunAsync(null);

    [PostgresFact]
    public async Task Postgres_RollupPruneQuery()
    {
        var database = "zedops_metrics_" + Guid.NewGuid().ToString("N")[..12];
        var server = Requirements.PostgresConnectionString!;
        await ExecuteAsync(server, $"CREATE DATABASE {database}");
        try
        {
            await RunAsync(new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task RunAsync(string? postgres)
    {
        var clock = new FakeTimeProvider(s_now);
        await using var manager = await ManagerHost.StartAsync(new ManagerHostOptions
        {
            PostgresConnectionString = postgres,
            ConfigureServices = s => s.AddKeyedSingleton<TimeProvider>(MetricsClock.ClockKey, clock),
        });
        try
        {
            using var admin = await manager.CreateAdminClientAsync();
            var agent = await manager.RegisterAgentAsync(admin);
            var serverA = await manager.AddServerRowAsync(agent.AgentId, "m" + Guid.NewGuid().ToString("N")[..8]);
            var serverB = Guid.NewGuid();
            await SeedAsync(manager, agent.AgentId, serverA, serverB);

            var rollup = manager.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<MetricsRollup>().Single();
            var first = await rollup.RunOnceAsync(CancellationToken.None).DefaultTimeout();
            await using (var db = await CreateDbAsync(manager))
            {
                // One pass deletes at most 20 slices of 10 minutes of raw rows: B's day of old samples needs several.
                var left = await db.ServerMetrics.CountAsync(m => m.ServerId == serverB && m.Resolution == MetricTiers.Raw);
                Assert.InRange(left, 1, 143);
            }
            for (var pass = 0; pass < 100 && await rollup.RunOnceAsync(CancellationToken.None).DefaultTimeout() != (0, 0); pass++)
            {
            }
            await AssertTiersAsync(manager, serverA, serverB, agent.AgentId);
            await AssertQueriesAsync(manager, admin, serverA, agent.AgentId);
        }
        finally
        {
            manager.DeleteData();
        }
    }

    private static async Task SeedAsync(ManagerHost manager, Guid agentId, Guid serverA, Guid serverB)
    {
        await using var db = await CreateDbAsync(manager);
        // A: two hours of 10 s samples; within minute m the CPU runs m*10 + 0..5, so its minute average is m*10 + 2.5.
        for (var k = 0; k < 720; k++)
        {
            db.ServerMetrics.Add(Row(serverA, MetricTiers.Raw, s_now.AddHours(-2).AddSeconds(10 * k), k / 6 * 10 + k % 6, players: 2));
        }
        db.ServerMetrics.Add(Row(serverA, MetricTiers.Raw, s_now.AddHours(-25), 50));           // raw past 24 h: rolled up, then pruned
        db.ServerMetrics.Add(Row(serverA, MetricTiers.Minute, s_now.AddDays(-8), 40));          // 1-min past 7 d: pruned
        db.ServerMetrics.Add(Row(serverA, MetricTiers.Minute, s_now.AddDays(-6), 30));          // kept
        db.ServerMetrics.Add(Row(serverA, MetricTiers.Quarter, s_now.AddDays(-91), 20));        // 15-min past 90 d: pruned
        db.ServerMetrics.Add(Row(serverA, MetricTiers.Quarter, s_now.AddDays(-89), 10));        // kept
        // B: a day of old raw samples every 10 minutes, to see pruning take several bounded passes.
        for (var k = 0; k < 144; k++)
        {
            db.ServerMetrics.Add(Row(serverB, MetricTiers.Raw, s_now.AddHours(-49).AddMinutes(10 * k), 1));
        }
        for (var k = 0; k < 60; k++)
        {
            db.HostMetrics.Add(Host(agentId, s_now.AddMinutes(-10).AddSeconds(10 * k), k % 2 == 0 ? 10 : 30));
        }
        db.HostMetrics.Add(Host(agentId, s_now.AddHours(-25), 99));
        await db.SaveChangesAsync();
    }

    private static async Task AssertTiersAsync(ManagerHost manager, Guid serverA, Guid serverB, Guid agentId)
    {
        await using var db = await CreateDbAsync(manager);
        var a = await db.ServerMetrics.AsNoTracking().Where(m => m.ServerId == serverA).ToListAsync();
        var raw = a.Where(m => m.Resolution == MetricTiers.Raw).ToList();
        Assert.Equal(720, raw.Count);
        Assert.All(raw, m => Assert.True(m.At >= s_now.AddHours(-24)));

        // 08:00 … 09:58 (the minute 09:59 is not complete 30 s before 10:00), the rolled-up sample of 25 h ago, and the 6-day-old row.
        var minutes = a.Where(m => m.Resolution == MetricTiers.Minute).OrderBy(m => m.At).ToList();
        Assert.Equal(119 + 2, minutes.Count);
        Assert.Equal([s_now.AddDays(-6), s_now.AddHours(-25)], minutes.Take(2).Select(m => m.At));
        Assert.Equal(2.5, minutes.Single(m => m.At == s_now.AddHours(-2)).CpuPercent, 6);
        Assert.Equal(1182.5, minutes.Single(m => m.At == s_now.AddMinutes(-2)).CpuPercent, 6);
        Assert.Equal(2, minutes.Single(m => m.At == s_now.AddMinutes(-2)).PlayersOnline);

        // 15-min: the kept 89-day-old row, rollups of the 8-day-old (before its pruning), 6-day and 25-hour rows, and 08:00 … 09:30.
        var quarters = a.Where(m => m.Resolution == MetricTiers.Quarter).OrderBy(m => m.At).ToList();
        Assert.Equal([s_now.AddDays(-89), s_now.AddDays(-8), s_now.AddDays(-6), s_now.AddHours(-25)], quarters.Take(4).Select(m => m.At));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => s_now.AddHours(-2).AddMinutes(15 * i)), quarters.Skip(4).Select(m => m.At));
        Assert.Equal(72.5, quarters.Single(m => m.At == s_now.AddHours(-2)).CpuPercent, 6); // mean of m*10 + 2.5 for m = 0..14

        Assert.Equal(0, await db.ServerMetrics.CountAsync(m => m.ServerId == serverB && m.Resolution == MetricTiers.Raw));
        var hosts = await db.HostMetrics.AsNoTracking().Where(m => m.AgentId == agentId).ToListAsync();
        Assert.Equal(60, hosts.Count(m => m.Resolution == MetricTiers.Raw));
        var hostMinutes = hosts.Where(m => m.Resolution == MetricTiers.Minute).OrderBy(m => m.At).ToList();
        Assert.Equal(1 + 9, hostMinutes.Count);
        Assert.Equal(20, hostMinutes[^1].CpuPercent, 6);
    }

    private static async Task AssertQueriesAsync(ManagerHost manager, HttpClient admin, Guid serverA, Guid agentId)
    {
        var hour = await admin.GetFromJsonAsync<ServerMetricSeries>($"/api/servers/{serverA}/metrics?range=1h");
        Assert.Equal((MetricTiers.Raw, 360), (hour!.Resolution, hour.Points.Count));
        var day = await admin.GetFromJsonAsync<ServerMetricSeries>($"/api/servers/{serverA}/metrics?range=24h");
        Assert.Equal(MetricTiers.Minute, day!.Resolution);
        Assert.True(day.Points.Count <= MetricTiers.MaxPoints);
        var quarter = await admin.GetFromJsonAsync<ServerMetricSeries>($"/api/servers/{serverA}/metrics?range=90d");
        Assert.Equal((MetricTiers.Quarter, 5), (quarter!.Resolution, quarter.Points.Count));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/servers/{serverA}/metrics?range=2y")).StatusCode);

        var host = await admin.GetFromJsonAsync<HostMetricSeries>($"/api/agents/{agentId}/metrics?range=1h");
        Assert.Equal(60, host!.Points.Count);
        Assert.Equal(serverA, Assert.Single(host.Servers).ServerId);

        var (viewer, viewerId) = await manager.CreateUserClientAsync(admin, "metrics-viewer");
        await admin.GrantAsync(viewerId, "viewer", "server", serverA);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/servers/{serverA}/metrics?range=7d")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/api/agents/{agentId}/metrics")).StatusCode);
        var other = await manager.AddServerRowAsync(agentId, "o" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"/api/servers/{other}/metrics")).StatusCode);
        using var anonymous = manager.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/servers/{serverA}/metrics")).StatusCode);
    }

    private static ServerMetricEntity Row(Guid serverId, int resolution, DateTimeOffset at, double cpu, double? players = null) => new()
    {
        ServerId = serverId, Resolution = resolution, At = at, CpuPercent = cpu, MemoryUsedBytes = 1 << 30, MemoryLimitBytes = 4L << 30,
        NetRxBytesPerSecond = 100, NetTxBytesPerSecond = 50, PlayersOnline = players,
    };

    private static HostMetricEntity Host(Guid agentId, DateTimeOffset at, double cpu) => new()
    {
        AgentId = agentId, Resolution = MetricTiers.Raw, At = at, CpuPercent = cpu, MemoryUsedBytes = 1 << 30, MemoryTotalBytes = 8L << 30,
        DiskUsedBytes = 10L << 30, DiskTotalBytes = 100L << 30, Load1 = 0.5,
    };

    private static async Task<ZedOpsDbContext> CreateDbAsync(ManagerHost manager) =>
        await manager.Services.GetRequiredService<IDbContextFactory<ZedOpsDbContext>>().CreateDbContextAsync();

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
