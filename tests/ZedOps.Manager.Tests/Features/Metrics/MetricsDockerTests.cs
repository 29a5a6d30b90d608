using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Metrics;
using ZedOps.Protocol;

namespace ZedOps.Manager.Tests.Features.Metrics;

/// <summary>A real agent following a real pz-sim container's Docker stats stream: its samples (CPU, memory, network,
/// players from the player watch) reach the manager's database, the chart API and <c>/metrics</c>.</summary>
public sealed class MetricsDockerTests : PzSimServerTestBase
{
    [DockerFact]
    public async Task RunningPzSim_SamplesReachTheDatabase()
    {
        var server = await CreateRunningAsync();
        var dbFactory = Manager.Services.GetRequiredService<IDbContextFactory<ZedOpsDbContext>>();
        var rows = await Eventually.ReturnsAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return await db.ServerMetrics.AsNoTracking().Where(m => m.ServerId == server.Id && m.Resolution == MetricTiers.Raw).ToListAsync();
        }, r => r.Count >= 2 && r.Any(m => m.PlayersOnline >= 1), "samples with alice online in the database", Bound);
        Assert.All(rows, m => Assert.True(m.MemoryUsedBytes > 0, "memory used"));
        Assert.All(rows, m => Assert.InRange(m.CpuPercent, 0, 100.0 * Environment.ProcessorCount));
        Assert.All(rows, m => Assert.True(m.MemoryLimitBytes >= m.MemoryUsedBytes, "limit at least usage"));
        var times = rows.Select(m => m.At).Order().ToList();
        Assert.All(times.Zip(times.Skip(1)), p => Assert.InRange((p.Second - p.First).TotalSeconds, 5, 60));

        var series = await Admin.GetFromJsonAsync<ServerMetricSeries>($"/api/servers/{server.Id}/metrics?range=1h");
        Assert.True(series!.Points.Count >= 2);
        var families = PrometheusText.Parse(await Admin.GetStringAsync("/metrics"));
        Assert.Contains(families["zedops_server_memory_bytes"].Samples, s => s.Labels["server_id"] == server.Id.ToString() && s.Value > 0);
        Assert.Contains(families["zedops_link_request_duration_seconds"].Samples, s => s.Name.EndsWith("_count") && s.Labels["outcome"] == "ok" && s.Value > 0);
        Assert.Equal(1, families["zedops_server_players"].Samples.Single(s => s.Labels["server_id"] == server.Id.ToString()).Value);
    }
}
