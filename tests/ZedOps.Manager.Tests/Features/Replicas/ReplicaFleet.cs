using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ZedOps.Manager.Tests.Features.Replicas;

/// <summary>Two manager replicas (A, B) on one fresh PostgreSQL database and one real nats-server, each with its own
/// data dir (so Data Protection keys and the signing key must come from the database).</summary>
internal sealed class ReplicaFleet : IAsyncDisposable
{
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(3);

    private readonly string _server;
    private readonly string _database;

    private ReplicaFleet(string server, string database, NatsServer nats)
    {
        _server = server;
        _database = database;
        Nats = nats;
    }

    private Action<IServiceCollection>? _configureServices;

    public NatsServer Nats { get; }
    public ManagerHost A { get; private set; } = null!;
    public ManagerHost? B { get; private set; }

    public static async Task<ReplicaFleet> StartAsync(Action<IServiceCollection>? configureServices = null)
    {
        var server = Requirements.PostgresConnectionString!;
        var database = "zedops_replicas_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server, $"CREATE DATABASE {database}");
        var fleet = new ReplicaFleet(server, database, await NatsServer.StartAsync()) { _configureServices = configureServices };
        fleet.A = await fleet.StartReplicaAsync("replica-a");
        fleet.B = await fleet.StartReplicaAsync("replica-b");
        return fleet;
    }

    public Task<ManagerHost> StartReplicaAsync(string id) => ManagerHost.StartAsync(new ManagerHostOptions
    {
        PostgresConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString,
        HeartbeatInterval = TimeSpan.FromMilliseconds(500),
        ConfigureServices = _configureServices,
        Settings = new Dictionary<string, string>
        {
            ["ZedOps:Replicas:NatsUrl"] = Nats.Url,
            ["ZedOps:Replicas:Id"] = id,
            ["ZedOps:Replicas:LeaseTtl"] = LeaseTtl.ToString(),
        },
    });

    /// <summary>Stops replica B the way a crashed or redeployed replica goes away: its sockets and its NATS connection close.</summary>
    public async Task StopBAsync()
    {
        if (B is { } b)
        {
            B = null;
            await b.DisposeAsync();
            b.DeleteData();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopBAsync();
        await A.DisposeAsync();
        A.DeleteData();
        await Nats.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
