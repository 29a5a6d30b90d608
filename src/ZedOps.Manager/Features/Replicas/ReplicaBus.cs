using Microsoft.Extensions.Options;
using NATS.Client.Core;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Replicas;

/// <summary>This replica's NATS connection and name. Subjects: <c>zedops.agent.&lt;id&gt;.req</c> (requests for an agent,
/// served by the replica holding its socket), <c>zedops.agent.&lt;id&gt;.events.&lt;kind&gt;</c> (what the agent pushed),
/// <c>zedops.agent.&lt;id&gt;.logs.&lt;subscription&gt;</c> (console batches, to the one replica watching them),
/// <c>zedops.presence</c> (agent states), <c>zedops.activity</c> (server activity), <c>zedops.auth.evict</c>.</summary>
public sealed class ReplicaBus : IAsyncDisposable
{
    public const string Presence = "zedops.presence";
    public const string Activity = "zedops.activity";
    public const string AgentEvents = "zedops.agent.*.events.>";
    public const string AuthEvictions = "zedops.auth.evict";

    /// <summary>The header naming the publishing replica, so a replica skips its own broadcasts.</summary>
    public const string ReplicaHeader = "zedops-replica";

    public ReplicaBus(IOptions<ManagerOptions> options, ILoggerFactory loggers)
    {
        var replicas = options.Value.Replicas;
        Id = string.IsNullOrWhiteSpace(replicas.Id) ? $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..6]}" : replicas.Id;
        var (urls, auth) = SplitCredentials(replicas.NatsUrl!);
        Connection = new NatsConnection(new NatsOpts
        {
            Url = urls,
            AuthOpts = auth,
            Name = $"zedops-manager-{Id}",
            LoggerFactory = loggers,
            RetryOnInitialConnect = true,
            // Console lines are the bulk; a replica that cannot keep up loses the oldest, as a slow browser does.
            SubPendingChannelFullMode = System.Threading.Channels.BoundedChannelFullMode.DropOldest,
        });
    }

    public string Id { get; }

    /// <summary><c>nats://user:pass@host</c> or <c>nats://token@host</c> (ZEDOPS_NATS_URL): the credentials go to the
    /// auth options and the URLs lose them, so the client's log lines (which print the URL) never show a secret.</summary>
    internal static (string Urls, NatsAuthOpts Auth) SplitCredentials(string natsUrls)
    {
        var auth = NatsAuthOpts.Default;
        var urls = new List<string>();
        foreach (var url in natsUrls.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length == 0)
            {
                urls.Add(url);
                continue;
            }
            var info = uri.UserInfo.Split(':', 2);
            auth = info.Length == 2
                ? auth with { Username = Uri.UnescapeDataString(info[0]), Password = Uri.UnescapeDataString(info[1]) }
                : auth with { Token = Uri.UnescapeDataString(info[0]) };
            urls.Add(new UriBuilder(uri) { UserName = "", Password = "" }.Uri.GetLeftPart(UriPartial.Authority));
        }
        return (string.Join(',', urls), auth);
    }

    public NatsConnection Connection { get; }

    public static string AgentRequests(Guid agentId) => $"zedops.agent.{agentId:N}.req";

    public static string AgentEvent(Guid agentId, string kind) => $"zedops.agent.{agentId:N}.events.{kind}";

    /// <summary>Console batches of one agent log subscription: only the replica whose viewers made it subscribes.</summary>
    public static string AgentLogs(Guid agentId, string subscriptionId) => $"zedops.agent.{agentId:N}.logs.{subscriptionId}";

    /// <summary>The agent id in <c>zedops.agent.&lt;id&gt;.events.&lt;kind&gt;</c>.</summary>
    public static bool TryParseAgentEvent(string subject, out Guid agentId, out string kind)
    {
        var parts = subject.Split('.');
        kind = parts.Length == 5 ? parts[4] : "";
        return Guid.TryParseExact(parts.Length == 5 ? parts[2] : "", "N", out agentId);
    }

    public NatsHeaders Stamp() => new() { [ReplicaHeader] = Id };

    public bool IsOwn(NatsHeaders? headers) => headers is not null && headers.TryGetValue(ReplicaHeader, out var r) && r == Id;

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
