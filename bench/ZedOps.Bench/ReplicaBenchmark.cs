using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Containers;
using ZedOps.Testing;

namespace ZedOps.Bench;

/// <summary>Two replicas (A, B) on PostgreSQL + a real nats-server, the agent connected to B. Request/reply measured
/// in-process on B (the single-node path) and from A through NATS to B to the agent, in the same run; then console
/// throughput of one container followed on B (local) and on A (fanned out over NATS).
/// Needs ZEDOPS_TEST_POSTGRES and nats-server (and Docker for the console part), as the replica tests do.</summary>
internal static class ReplicaBenchmark
{
    public static async Task RunAsync()
    {
        if (Requirements.PostgresConnectionString is not { } server || NatsServer.Missing is not null)
        {
            Console.WriteLine($"replicas skipped: needs ZEDOPS_TEST_POSTGRES and nats-server ({NatsServer.Missing ?? "PostgreSQL missing"})");
            return;
        }
        var database = "zedops_bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server, $"CREATE DATABASE {database}");
        await using var nats = await NatsServer.StartAsync();
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        var a = await StartAsync(connection, nats, "bench-a");
        var b = await StartAsync(connection, nats, "bench-b");
        try
        {
            using var admin = await a.CreateAdminClientAsync();
            await using var agent = AgentProcess.Start(b.BaseAddress, await a.CreateRegistrationTokenAsync(admin, "bench"), "bench");
            await Eventually.TrueAsync(() => b.Registry.OnlineCount == 1, "bench agent online on B");
            var agentId = b.Registry.Connections.Single().AgentId;
            await a.WaitOnlineAsync(agentId);
            var local = b.Services.GetRequiredService<IAgentLink>();
            var remote = a.Services.GetRequiredService<IAgentLink>();
            await LinkBenchmark.MeasureAsync(local, agentId, inFlight: 1, requests: 2_000, warmup: true);
            await LinkBenchmark.MeasureAsync(remote, agentId, inFlight: 1, requests: 2_000, warmup: true);
            foreach (var inFlight in new[] { 1, 64 })
            {
                var requests = inFlight == 1 ? 10_000 : 100_000;
                await LinkBenchmark.MeasureAsync(local, agentId, inFlight, requests, warmup: false, label: "in-process (B→agent)   ");
                await LinkBenchmark.MeasureAsync(remote, agentId, inFlight, requests, warmup: false, label: "replicas (A→NATS→B→agent)");
            }
            if (Requirements.DockerMissing is { } why)
            {
                Console.WriteLine($"replicas console skipped: {why}");
                return;
            }
            await using var docker = new DockerTestContainers();
            await docker.InitializeAsync();
            await ConsoleBenchmark.ThroughputAsync(docker, b.Services.GetRequiredService<ContainerLogHub>(), agentId, 1, 300_000, "console on B (local)   ");
            await ConsoleBenchmark.ThroughputAsync(docker, a.Services.GetRequiredService<ContainerLogHub>(), agentId, 1, 300_000, "console on A (via NATS)");
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
            a.DeleteData();
            b.DeleteData();
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static Task<ManagerHost> StartAsync(string connection, NatsServer nats, string id) => ManagerHost.StartAsync(new ManagerHostOptions
    {
        PostgresConnectionString = connection,
        Settings = new Dictionary<string, string> { ["ZedOps:Replicas:NatsUrl"] = nats.Url, ["ZedOps:Replicas:Id"] = id },
    });

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
