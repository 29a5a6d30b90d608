using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Metrics;
using ZedOps.Protocol.Metrics;
using ZedOps.Testing;

namespace ZedOps.Bench;

/// <summary>
/// The metrics store (issue 15), in-process on the embedded SQLite file, on a fake clock:
/// 1. a simulated day of 10 s samples for N servers sent as agents do (20 s batches), the rollup run every minute:
///    ingest µs per sample, and the database file's growth per server-day (WAL checkpointed);
/// 2. ingest of large batches (100 servers × 2 samples), as one busy agent's batch;
/// 3. the 90-day chart query (15-minute tier) of one server with 90 days stored for 100 servers.
/// </summary>
internal static class MetricsBenchmark
{
    public static async Task RunAsync(int servers)
    {
        await SimulateDayAsync(servers);
        await QueryNinetyDaysAsync(100);
    }

    private static async Task SimulateDayAsync(int servers)
    {
        var start = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        await using var manager = await StartAsync(clock);
        try
        {
            using var admin = await manager.CreateAdminClientAsync();
            var agent = await manager.RegisterAgentAsync(admin, "bench");
            var ids = await AddServersAsync(manager, agent.AgentId, Math.Max(servers, 100));
            var ingest = manager.Services.GetRequiredService<MetricsIngest>();
            var rollup = ActivatorUtilities.CreateInstance<MetricsRollup>(manager.Services);
            var before = await DatabaseBytesAsync(manager);
            var ingestTime = TimeSpan.Zero;
            var rollupTime = TimeSpan.Zero;
            long samples = 0;
            for (var batch = 1; batch <= 24 * 180; batch++)
            {
                clock.Advance(TimeSpan.FromSeconds(20));
                var now = clock.GetUtcNow();
                var list = ids.Take(servers).SelectMany(id => new[] { Sample(id, now.AddSeconds(-10), batch), Sample(id, now, batch) }).ToList();
                var t = Stopwatch.GetTimestamp();
                samples += await ingest.IngestAsync(agent.AgentId, list, CancellationToken.None);
                ingestTime += Stopwatch.GetElapsedTime(t);
                if (batch % 3 == 0)
                {
                    t = Stopwatch.GetTimestamp();
                    await rollup.RunOnceAsync(CancellationToken.None);
                    rollupTime += Stopwatch.GetElapsedTime(t);
                }
            }
            var after = await DatabaseBytesAsync(manager);
            var rows = await CountTiersAsync(manager);
            var perServerDay = (after - before) / (double)servers;
            var perRow = (after - before) / (double)rows.Sum(r => r.Count);
            Console.WriteLine($"metrics  simulated day: {servers} servers, {samples:N0} samples in {24 * 180} batches of {servers * 2}");
            Console.WriteLine($"metrics  ingest {ingestTime.TotalMicroseconds / samples:0.0} µs/sample (batch of {servers * 2}), rollup+prune {rollupTime.TotalMilliseconds / 1440:0.0} ms per minute run");
            Console.WriteLine($"metrics  rows after the day: {string.Join(", ", rows.Select(r => $"{r.Resolution} s: {r.Count:N0}"))}");
            Console.WriteLine($"metrics  SQLite file +{after - before:N0} bytes = {perServerDay / 1024 / 1024:0.00} MiB per server-day ({perRow:0} bytes per row, indexes included)");
            // Steady state per server: 24 h of raw, 7 days of 1-minute, 90 days of 15-minute rows.
            var steady = perRow * (8640 + 7 * 1440 + 90 * 96);
            Console.WriteLine($"metrics  steady state per server (raw 24 h + 1-min 7 d + 15-min 90 d): {steady / 1024 / 1024:0.0} MiB");

            var big = ids.Take(100).ToList();
            var bigTime = TimeSpan.Zero;
            long bigSamples = 0;
            for (var batch = 0; batch < 100; batch++)
            {
                clock.Advance(TimeSpan.FromSeconds(20));
                var now = clock.GetUtcNow();
                var list = big.SelectMany(id => new[] { Sample(id, now.AddSeconds(-10), batch), Sample(id, now, batch) }).ToList();
                var t = Stopwatch.GetTimestamp();
                bigSamples += await ingest.IngestAsync(agent.AgentId, list, CancellationToken.None);
                bigTime += Stopwatch.GetElapsedTime(t);
            }
            Console.WriteLine($"metrics  ingest {bigTime.TotalMicroseconds / bigSamples:0.0} µs/sample (batch of {big.Count * 2}, {bigSamples:N0} samples)");
        }
        finally
        {
            await manager.DisposeAsync();
            manager.DeleteData();
        }
    }

    private static async Task QueryNinetyDaysAsync(int servers)
    {
        var now = new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(now);
        await using var manager = await StartAsync(clock);
        try
        {
            using var admin = await manager.CreateAdminClientAsync();
            var agents = new List<Guid>();
            for (var a = 0; a < 10; a++)
            {
                agents.Add((await manager.RegisterAgentAsync(admin, $"host-{a}")).AgentId);
            }
            var ids = new List<Guid>();
            for (var i = 0; i < servers; i++)
            {
                ids.AddRange(await AddServersAsync(manager, agents[i % agents.Count], 1));
            }
            var fill = Stopwatch.StartNew();
            var factory = manager.Services.GetRequiredService<IDbContextFactory<ZedOpsDbContext>>();
            foreach (var chunk in ids.Chunk(5))
            {
                await using var db = await factory.CreateDbContextAsync();
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                foreach (var id in chunk)
                {
                    for (var k = 1; k <= 90 * 96; k++)
                    {
                        db.ServerMetrics.Add(Quarter(id, now.AddMinutes(-15 * k), k));
                    }
                }
                await db.SaveChangesAsync();
            }
            Console.WriteLine($"metrics  stored 90 days of 15-minute rows for {servers} servers ({servers * 90 * 96:N0} rows) in {fill.Elapsed.TotalSeconds:0} s");
            var times = new List<double>();
            for (var q = 0; q < 30; q++)
            {
                await using var scope = manager.Services.CreateAsyncScope();
                var queries = scope.ServiceProvider.GetRequiredService<MetricsQueries>();
                var t = Stopwatch.GetTimestamp();
                var series = await queries.ServerAsync(ids[q % ids.Count], "90d", CancellationToken.None);
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                if (series!.Points.Count == 0)
                {
                    throw new InvalidOperationException("the 90-day query found nothing");
                }
            }
            times.Sort();
            Console.WriteLine($"metrics  90-day server chart query: p50 {times[times.Count / 2]:0.0} ms, max {times[^1]:0.0} ms (30 queries, first included; {MetricTiers.MaxPoints} points max)");
            var hostTimes = new List<double>();
            for (var q = 0; q < 5; q++)
            {
                await using var scope = manager.Services.CreateAsyncScope();
                var t = Stopwatch.GetTimestamp();
                await scope.ServiceProvider.GetRequiredService<MetricsQueries>().HostAsync(agents[q], "90d", CancellationToken.None);
                hostTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
            hostTimes.Sort();
            Console.WriteLine($"metrics  90-day host chart query with its {servers / agents.Count} servers' shares: p50 {hostTimes[2]:0.0} ms, max {hostTimes[^1]:0.0} ms");
        }
        finally
        {
            await manager.DisposeAsync();
            manager.DeleteData();
        }
    }

    private static Task<ManagerHost> StartAsync(FakeTimeProvider clock) => ManagerHost.StartAsync(new ManagerHostOptions
    {
        ConfigureServices = s =>
        {
            s.AddKeyedSingleton<TimeProvider>(MetricsClock.ClockKey, clock);
            // The bench runs the rollup itself, once per simulated minute.
            foreach (var hosted in s.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(MetricsRollup)).ToList())
            {
                s.Remove(hosted);
            }
        },
    });

    private static async Task<List<Guid>> AddServersAsync(ManagerHost manager, Guid agentId, int count)
    {
        var ids = new List<Guid>();
        while (ids.Count < count)
        {
            try
            {
                ids.Add(await manager.AddServerRowAsync(agentId, "b" + Guid.NewGuid().ToString("N")[..10], portBase: 20000));
            }
            catch (DbUpdateException)
            {
                // Two random port sets collided; take another.
            }
        }
        return ids;
    }

    private static async Task<long> DatabaseBytesAsync(ManagerHost manager)
    {
        await using (var scope = manager.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>().Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return new FileInfo(Path.Combine(manager.Options.DataDir, "zedops.db")).Length;
    }

    private static async Task<List<(int Resolution, int Count)>> CountTiersAsync(ManagerHost manager)
    {
        await using var scope = manager.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var counts = await db.ServerMetrics.GroupBy(m => m.Resolution).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        return [.. counts.OrderBy(c => c.Key).Select(c => (c.Key, c.Count))];
    }

    private static ServerMetricsSample Sample(Guid id, DateTimeOffset at, int i) =>
        new(id, at, 20 + i % 50, (900L + i % 100) << 20, 4L << 30, 3000 + i % 700, 12000 + i % 900, i % 5 * 4096, 65536, i % 16);

    private static ServerMetricEntity Quarter(Guid id, DateTimeOffset at, int k) => new()
    {
        ServerId = id, Resolution = MetricTiers.Quarter, At = at, CpuPercent = 20 + k % 50, MemoryUsedBytes = (900L + k % 100) << 20,
        MemoryLimitBytes = 4L << 30, NetRxBytesPerSecond = 3000, NetTxBytesPerSecond = 12000, BlockWriteBytesPerSecond = 65536, PlayersOnline = k % 16,
    };
}
