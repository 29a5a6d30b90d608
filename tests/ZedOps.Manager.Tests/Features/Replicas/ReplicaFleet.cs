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
    public ManagerHost A { get; private set; } = null!; // null only between StartEmptyAsync and StartAAsync
    public ManagerHost? B { get; private set; }

    /// <summary>The manager replica running as a child process (see <see cref="StartProcessReplicaAsync"/>), if any.</summary>
    public ManagerProcess? Process { get; private set; }

    public static async Task<ReplicaFleet> StartAsync(Action<IServiceCollection>? configureServices = null)
    {
        var fleet = await StartEmptyAsync(configureServices);
        fleet.A = await fleet.StartReplicaAsync("replica-a");
        fleet.B = await fleet.StartReplicaAsync("replica-b");
        return fleet;
    }

    /// <summary>The database and nats-server only; the test starts the replicas it wants, in its order.</summary>
    public static async Task<ReplicaFleet> StartEmptyAsync(Action<IServiceCollection>? configureServices = null)
    {
        var server = Requirements.PostgresConnectionString!;
        var database = "zedops_replicas_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(server, $"CREATE DATABASE {database}");
        return new ReplicaFleet(server, database, await NatsServer.StartAsync()) { _configureServices = configureServices };
    }

    public async Task<ManagerHost> StartAAsync() => A = await StartReplicaAsync("replica-a");

    public Task<ManagerHost> StartReplicaAsync(string id) => ManagerHost.StartAsync(new ManagerHostOptions
    {
        PostgresConnectionString = ConnectionString,
        HeartbeatInterval = TimeSpan.FromMilliseconds(500),
        ConfigureServices = _configureServices,
        Settings = Settings(id),
    });

    /// <summary>A replica as a child process (the built manager), so the test can SIGKILL it.</summary>
    public async Task<ManagerProcess> StartProcessReplicaAsync(string id)
    {
        var settings = new Dictionary<string, string>(Settings(id))
        {
            ["ZedOps:Database:Provider"] = "Postgres",
            ["ZedOps:Database:ConnectionString"] = ConnectionString,
            ["ZedOps:HeartbeatInterval"] = TimeSpan.FromMilliseconds(500).ToString(),
        };
        return Process = await ManagerProcess.StartAsync(settings);
    }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString;

    private Dictionary<string, string> Settings(string id) => new()
    {
        ["ZedOps:Replicas:NatsUrl"] = Nats.Url,
        ["ZedOps:Replicas:Id"] = id,
        ["ZedOps:Replicas:LeaseTtl"] = LeaseTtl.ToString(),
    };

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
        if (Process is { } process)
        {
            await process.DisposeAsync();
        }
        if (A is { } a)
        {
            await a.DisposeAsync();
            a.DeleteData();
        }
        await Nats.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_server, $"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
    }

    /// <summary>Live fleet leases (not per-server operation leases) and their holders, read straight from the database.</summary>
    public async Task<Dictionary<string, string>> LeaseHoldersAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT \"Name\", \"Holder\" FROM fleet_leases WHERE \"ExpiresAt\" > now() AND \"Name\" NOT LIKE 'server-op:%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var holders = new Dictionary<string, string>();
        while (await reader.ReadAsync())
        {
            holders[reader.GetString(0)] = reader.GetString(1);
        }
        return holders;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
