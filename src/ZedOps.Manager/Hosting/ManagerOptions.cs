using Microsoft.Extensions.Options;

namespace ZedOps.Manager.Hosting;

public sealed class ManagerOptions
{
    public const string SectionName = "ZedOps";

    /// <summary>Where the SQLite database, Data Protection keys and the local agent's state live.</summary>
    public string DataDir { get; set; } = "data";

    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Password of the first-run <c>admin</c> user; a random one is printed once when unset.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>The URL agents and browsers use to reach this manager; shown in the "Add agent" command.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Folder with the published native agent builds (<c>linux-x64/</c>, <c>linux-arm64/</c>, made by
    /// scripts/publish-agent.sh) that <c>/install.sh</c> and self-updates hand out. Empty: <c>agent/</c> next to the manager.</summary>
    public string? AgentBinariesPath { get; set; }

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Reverse proxies whose X-Forwarded-For/-Proto are believed: IP addresses or CIDR networks, comma-separated.</summary>
    public string? TrustedProxies { get; set; }

    public TimeSpan RegistrationTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a personal API token lives when its creator does not say.</summary>
    public TimeSpan ApiTokenLifetime { get; set; } = TimeSpan.FromDays(90);

    public LoginOptions Login { get; set; } = new();

    public LocalAgentOptions LocalAgent { get; set; } = new();

    /// <summary>Several manager replicas over one PostgreSQL database and NATS (off unless a NATS URL is set).</summary>
    public ReplicaOptions Replicas { get; set; } = new();

    /// <summary>Audit events older than this many days are deleted; null (default) keeps them forever.</summary>
    public int? AuditRetentionDays { get; set; }

    /// <summary>Deleted servers older than this many days are purged automatically (data kept); null (default) never.</summary>
    public int? DeletedServerRetentionDays { get; set; }

    /// <summary>The largest backup archive <c>POST /api/servers/{id}/backups/upload</c> accepts (bytes; default 50 GiB).</summary>
    public long MaxBackupUploadBytes { get; set; } = 50L << 30;

    /// <summary>An agent with no traffic for three heartbeat intervals is offline.</summary>
    public TimeSpan OfflineAfter => HeartbeatInterval * 3;
}

public sealed class DatabaseOptions
{
    /// <summary><c>Sqlite</c> (default, embedded) or <c>Postgres</c>.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Empty for SQLite means <c>{DataDir}/zedops.db</c>.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, "Postgres", StringComparison.OrdinalIgnoreCase);
}

public sealed class ReplicaOptions
{
    /// <summary>NATS server URL(s), comma-separated; set, it switches on multi-replica mode.</summary>
    public string? NatsUrl { get; set; }

    /// <summary>This replica's name in leases and presence; empty: host name plus a random suffix.</summary>
    public string? Id { get; set; }

    /// <summary>How long a fleet-wide lease outlives its holder's last renewal: the bound on hand-over after a replica dies.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(NatsUrl);
}

public sealed class LoginOptions
{
    public int MaxFailedAttempts { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
    public int AttemptsPerMinutePerClient { get; set; } = 20;

    /// <summary>Admin rights only in sessions that passed two-factor (an admin without it can still enrol on /account).</summary>
    public bool RequireTwoFactorForAdmins { get; set; }
}

public sealed class LocalAgentOptions
{
    /// <summary>Start an agent on this host as a child process and register it automatically.</summary>
    public bool Enabled { get; set; }

    /// <summary>The agent's entry point: a <c>.dll</c> (run with dotnet) or an executable.</summary>
    public string? Command { get; set; }

    public string Name { get; set; } = "local";

    public string? DataRoot { get; set; }
}

/// <summary>Collects every problem with the configuration and names its key.</summary>
internal sealed class ValidateManagerOptions : IValidateOptions<ManagerOptions>
{
    public ValidateOptionsResult Validate(string? name, ManagerOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            errors.Add("ZedOps:DataDir (ZEDOPS_DATA_DIR) must name a directory");
        }
        if (options.Database.Provider is not ("Sqlite" or "sqlite" or "Postgres" or "postgres"))
        {
            errors.Add($"ZedOps:Database:Provider (ZEDOPS_DATABASE_PROVIDER) must be Sqlite or Postgres; got '{options.Database.Provider}'");
        }
        if (options.Database.IsPostgres && string.IsNullOrWhiteSpace(options.Database.ConnectionString))
        {
            errors.Add("ZedOps:Database:ConnectionString (ZEDOPS_DATABASE) is required for PostgreSQL");
        }
        if (options.AdminPassword is { Length: > 0 and < 8 })
        {
            errors.Add("ZedOps:AdminPassword (ZEDOPS_ADMIN_PASSWORD) must have at least 8 characters");
        }
        if (options.PublicUrl is { } url && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            errors.Add($"ZedOps:PublicUrl (ZEDOPS_PUBLIC_URL) must be an absolute URL; got '{url}'");
        }
        errors.AddRange(Hosting.TrustedProxies.Problems(options.TrustedProxies));
        if (options.MaxBackupUploadBytes < 1)
        {
            errors.Add("ZedOps:MaxBackupUploadBytes must be a positive number of bytes");
        }
        if (options.HeartbeatInterval < TimeSpan.FromMilliseconds(100))
        {
            errors.Add("ZedOps:HeartbeatInterval must be at least 100 ms");
        }
        if (options.Login.MaxFailedAttempts < 1 || options.Login.AttemptsPerMinutePerClient < 1)
        {
            errors.Add("ZedOps:Login:MaxFailedAttempts and AttemptsPerMinutePerClient must be at least 1");
        }
        if (options.ApiTokenLifetime < TimeSpan.FromMinutes(1))
        {
            errors.Add("ZedOps:ApiTokenLifetime (ZEDOPS_API_TOKEN_LIFETIME) must be at least 00:01:00");
        }
        if (options.DeletedServerRetentionDays is < 1)
        {
            errors.Add("ZedOps:DeletedServerRetentionDays must be at least 1 (or unset to keep deleted servers until purged)");
        }
        if (options.AuditRetentionDays is < 1)
        {
            errors.Add("ZedOps:AuditRetentionDays must be at least 1 (or unset to keep everything)");
        }
        if (options.Replicas.Enabled && !options.Database.IsPostgres)
        {
            errors.Add("ZedOps:Replicas:NatsUrl (ZEDOPS_NATS_URL) needs PostgreSQL: replicas share one database (set ZEDOPS_DATABASE_PROVIDER=Postgres and ZEDOPS_DATABASE)");
        }
        if (options.Replicas.Enabled && !Uri.TryCreate(options.Replicas.NatsUrl!.Split(',')[0], UriKind.Absolute, out _))
        {
            errors.Add($"ZedOps:Replicas:NatsUrl (ZEDOPS_NATS_URL) must be a URL such as nats://127.0.0.1:4222; got '{options.Replicas.NatsUrl}'");
        }
        if (options.Replicas.LeaseTtl < TimeSpan.FromSeconds(1))
        {
            errors.Add("ZedOps:Replicas:LeaseTtl must be at least 00:00:01");
        }
        if (options.LocalAgent.Enabled && string.IsNullOrWhiteSpace(options.LocalAgent.Command))
        {
            errors.Add("ZedOps:LocalAgent:Command must point at the agent when ZedOps:LocalAgent:Enabled is true");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Short environment variable names for the README's configuration table.</summary>
internal static class ManagerEnvironment
{
    public static readonly IReadOnlyDictionary<string, string> Map = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ZEDOPS_DATA_DIR"] = "ZedOps:DataDir",
        ["ZEDOPS_DATABASE_PROVIDER"] = "ZedOps:Database:Provider",
        ["ZEDOPS_DATABASE"] = "ZedOps:Database:ConnectionString",
        ["ZEDOPS_ADMIN_PASSWORD"] = "ZedOps:AdminPassword",
        ["ZEDOPS_REQUIRE_2FA_FOR_ADMINS"] = "ZedOps:Login:RequireTwoFactorForAdmins",
        ["ZEDOPS_PUBLIC_URL"] = "ZedOps:PublicUrl",
        ["ZEDOPS_API_TOKEN_LIFETIME"] = "ZedOps:ApiTokenLifetime",
        ["ZEDOPS_TRUSTED_PROXIES"] = "ZedOps:TrustedProxies",
        ["ZEDOPS_AGENT_BINARIES"] = "ZedOps:AgentBinariesPath",
        ["ZEDOPS_LOCAL_AGENT"] = "ZedOps:LocalAgent:Enabled",
        ["ZEDOPS_LOCAL_AGENT_COMMAND"] = "ZedOps:LocalAgent:Command",
        ["ZEDOPS_LOCAL_AGENT_DATA_ROOT"] = "ZedOps:LocalAgent:DataRoot",
        ["ZEDOPS_NATS_URL"] = "ZedOps:Replicas:NatsUrl",
        ["ZEDOPS_REPLICA_ID"] = "ZedOps:Replicas:Id",
        ["ZEDOPS_REPLICA_LEASE_TTL"] = "ZedOps:Replicas:LeaseTtl",
    };

    public static IEnumerable<KeyValuePair<string, string?>> Read() =>
        Map.Select(m => (m.Value, Value: Environment.GetEnvironmentVariable(m.Key)))
           .Where(p => !string.IsNullOrEmpty(p.Value))
           .Select(p => new KeyValuePair<string, string?>(p.Item1, p.Value));
}
