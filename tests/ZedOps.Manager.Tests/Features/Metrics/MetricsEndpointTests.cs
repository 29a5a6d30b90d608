using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Metrics;
using ZedOps.Manager.Features.Tokens;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Metrics;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Tests.Features.Metrics;

/// <summary>An agent (a raw socket) sends sample batches and heartbeats: only its own servers' samples are kept, host
/// points are recorded, and <c>/metrics</c> shows them in valid Prometheus text to admins (cookie or API token) only.</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private ManagerHost _manager = default!;
    private HttpClient _admin = default!;
    private RawAgentSocket _agent = default!;
    private Guid _agentId;
    private Guid _own;
    private Guid _foreign;

    public async Task InitializeAsync()
    {
        _manager = await ManagerHost.StartAsync();
        _admin = await _manager.CreateAdminClientAsync();
        var other = await _manager.RegisterAgentAsync(_admin, "other");
        var agent = await _manager.RegisterAgentAsync(_admin, "sampler");
        _agentId = agent.AgentId;
        _own = await _manager.AddServerRowAsync(agent.AgentId, "own-world");
        _foreign = await _manager.AddServerRowAsync(other.AgentId, "foreign-world");
        _agent = await RawAgentSocket.ConnectAsync(_manager.BaseAddress, agent.AgentToken);
        await _agent.SendHelloAsync();
        await _manager.WaitOnlineAsync(agent.AgentId);
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        await _manager.DisposeAsync();
        _manager.DeleteData();
    }

    [Fact]
    public async Task SamplesAndScrape_OwnServersOnly_ValidPrometheusText()
    {
        var now = DateTimeOffset.UtcNow;
        await _agent.SendEventAsync(Events.ServerMetricsReported, new ServerMetricsReported(
        [
            new ServerMetricsSample(_own, now.AddSeconds(-10), 12.5, 300 << 20, 2L << 30, 1000, 500, 0, 4096, 2),
            new ServerMetricsSample(_own, now, 37.25, 310 << 20, 2L << 30, 1100, 600, 0, 0, 3),
            new ServerMetricsSample(_foreign, now, 99, 1, 1, 0, 0, 0, 0, 9),
        ]));
        await _agent.SendEventAsync(Events.Heartbeat, new Heartbeat(now, new HostMetrics(21.5, 8L << 30, 3L << 30, 100L << 30, 40L << 30, 0.7, 1000), new DockerStatus(true, "20.10", null)));
        await _agent.SendEventAsync(Events.LogLinesAppended, new LogLinesAppended("sub-1", [new(now, "stdout", "a"), new(now, "stdout", "b"), new(now, "stderr", "c")], 0));
        var ingest = _manager.Services.GetRequiredService<MetricsIngest>();
        await Eventually.ReturnsAsync(async () =>
        {
            await ingest.FlushHostsAsync(CancellationToken.None);
            await using var db = await _manager.Services.GetRequiredService<IDbContextFactory<ZedOpsDbContext>>().CreateDbContextAsync();
            return (Servers: await db.ServerMetrics.Select(m => m.ServerId).ToListAsync(), Hosts: await db.HostMetrics.CountAsync(h => h.AgentId == _agentId));
        }, r => r.Servers.Count == 2 && r.Hosts == 1, "two samples of the own server and one host point stored");
        await using (var db = await _manager.Services.GetRequiredService<IDbContextFactory<ZedOpsDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal(0, await db.ServerMetrics.CountAsync(m => m.ServerId == _foreign));
        }
        // A request the raw agent never answers: the link's latency histogram records it as a timeout.
        var link = _manager.Services.GetRequiredService<IAgentLink>();
        await Assert.ThrowsAsync<WireRequestException>(() => link.RequestAsync(_agentId, Requests.Ping, new PingRequest(now), TimeSpan.FromMilliseconds(100)));

        using var scrape = await _admin.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType!.ToString());
        var families = PrometheusText.Parse(await scrape.Content.ReadAsStringAsync());
        Assert.Equal(1, Value(families, "zedops_agents_online"));
        Assert.Equal(2, Value(families, "zedops_agents"));
        Assert.Equal(2, Value(families, "zedops_servers", ("status", "stopped")));
        Assert.Equal(37.25, Value(families, "zedops_server_cpu_percent", ("server_id", _own.ToString())));
        Assert.Equal(310 << 20, Value(families, "zedops_server_memory_bytes", ("server", "own-world")));
        Assert.DoesNotContain(families["zedops_server_cpu_percent"].Samples, s => s.Labels["server_id"] == _foreign.ToString());
        Assert.Equal(0, Value(families, "zedops_server_players", ("server", "own-world")));
        Assert.Equal(3, Value(families, "zedops_console_lines_total"));
        Assert.Equal("histogram", families["zedops_link_request_duration_seconds"].Type);
        Assert.Equal(1, families["zedops_link_request_duration_seconds"].Samples
            .Single(s => s.Name.EndsWith("_count") && s.Labels["subject"] == Subjects.Ping && s.Labels["outcome"] == ErrorCodes.Timeout).Value);
        Assert.True(families.ContainsKey("zedops_db_probe_latency_seconds"));
        Assert.Equal(1, Value(families, "zedops_db_up"));
    }

    [Fact]
    public async Task Scrape_AnonymousOrNonAdmin_Refused_AdminTokenAccepted()
    {
        using var anonymous = _manager.CreateAnonymousClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);
        anonymous.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics")).StatusCode);

        var (viewer, viewerId) = await _manager.CreateUserClientAsync(_admin, "scrape-viewer");
        await _admin.GrantAsync(viewerId, "viewer", "global", null);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/metrics")).StatusCode);

        using var created = await _admin.PostAsJsonAsync("/api/tokens", new { name = "prometheus", currentPassword = ManagerHost.AdminPassword });
        var token = (await created.Content.ReadFromJsonAsync<CreatedToken>())!.Token;
        using var bearer = _manager.CreateAnonymousClient();
        bearer.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var scrape = await bearer.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("zedops_agents_online", PrometheusText.Parse(await scrape.Content.ReadAsStringAsync()).Keys);
    }

    private static double Value(IReadOnlyDictionary<string, PrometheusText.Family> families, string name, params (string Key, string Value)[] labels) =>
        families[name].Samples.Single(s => labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Value;
}
