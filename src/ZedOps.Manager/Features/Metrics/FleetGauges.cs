using Microsoft.EntityFrameworkCore;
using Prometheus;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Health;
using ZedOps.Manager.Features.Players;

namespace ZedOps.Manager.Features.Metrics;

/// <summary>Gauges read from the manager's state just before a scrape: agents online, servers by status, players and
/// the newest CPU/memory sample per server, and the database probe's latency.</summary>
public sealed class FleetGauges
{
    private readonly Gauge _agentsOnline;
    private readonly Gauge _agentsKnown;
    private readonly Gauge _servers;
    private readonly Gauge _players;
    private readonly Gauge _cpu;
    private readonly Gauge _memory;
    private readonly Gauge _memoryLimit;
    private readonly Gauge _dbLatency;
    private readonly Gauge _dbUp;
    private readonly ManagerTelemetry _telemetry;

    public FleetGauges(ManagerTelemetry telemetry, IServiceScopeFactory scopes, AgentRegistry registry, PlayerRoster roster, MetricsIngest ingest, DatabaseHealth health)
    {
        _telemetry = telemetry;
        var f = telemetry.Factory;
        _agentsOnline = f.CreateGauge("zedops_agents_online", "Agents connected now.");
        _agentsKnown = f.CreateGauge("zedops_agents", "Agents registered and not revoked.");
        _servers = f.CreateGauge("zedops_servers", "Game servers by status.", ["status"]);
        _players = f.CreateGauge("zedops_server_players", "Players online per server.", ["server_id", "server"]);
        _cpu = f.CreateGauge("zedops_server_cpu_percent", "Newest CPU sample per server (100 = one core).", ["server_id", "server"]);
        _memory = f.CreateGauge("zedops_server_memory_bytes", "Newest memory sample per server (used, without page cache).", ["server_id", "server"]);
        _memoryLimit = f.CreateGauge("zedops_server_memory_limit_bytes", "Memory limit of the server's container.", ["server_id", "server"]);
        _dbLatency = f.CreateGauge("zedops_db_probe_latency_seconds", "Latency of the last database health probe.");
        _dbUp = f.CreateGauge("zedops_db_up", "1 when the last database health probe answered.");
        telemetry.Registry.AddBeforeCollectCallback(async ct =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
            var servers = await db.Servers.AsNoTracking().Select(s => new { s.Id, s.Name, s.Status }).ToListAsync(ct);
            _agentsOnline.Set(registry.OnlineCount);
            _agentsKnown.Set(await db.Agents.CountAsync(a => a.RevokedAt == null, ct));
            Reset(_servers, _players, _cpu, _memory, _memoryLimit);
            foreach (var group in servers.GroupBy(s => s.Status))
            {
                _servers.WithLabels(group.Key).Set(group.Count());
            }
            foreach (var server in servers.Where(s => s.Status != Servers.ServerStatuses.Deleted))
            {
                var labels = new[] { server.Id.ToString(), server.Name };
                _players.WithLabels(labels).Set(server.Status == Servers.ServerStatuses.Running ? roster.Count(server.Id) : 0);
                if (ingest.Latest.TryGetValue(server.Id, out var sample))
                {
                    _cpu.WithLabels(labels).Set(sample.CpuPercent);
                    _memory.WithLabels(labels).Set(sample.MemoryUsedBytes);
                    _memoryLimit.WithLabels(labels).Set(sample.MemoryLimitBytes);
                }
            }
            _dbLatency.Set(health.LastLatency.TotalSeconds);
            _dbUp.Set(await health.CanConnectAsync() ? 1 : 0);
        });
    }

    /// <summary>Fills the gauges and writes the whole registry in Prometheus text format.</summary>
    public Task WriteAsync(Stream output, CancellationToken ct) => _telemetry.WriteAsync(output, ct);

    // A purged server's series must vanish from the scrape, so labelled series are rebuilt on each collection.
    private static void Reset(params Gauge[] gauges)
    {
        foreach (var gauge in gauges)
        {
            foreach (var labels in gauge.GetAllLabelValues().ToList())
            {
                gauge.RemoveLabelled(labels);
            }
        }
    }
}
