using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Replicas;

/// <summary>
/// Makes a server's operation lock (<see cref="Servers.ServerOperations"/>) fleet-wide: a lease named
/// <c>server-op:&lt;id&gt;</c> in <c>fleet_leases</c>, held by "<c>&lt;replica&gt; &lt;operation&gt;</c>" so a refused
/// replica can name what runs. It is renewed every third of the TTL while the operation runs and released when it ends;
/// a replica that dies mid-operation frees its servers when the TTL passes. Kill never takes it (a kill always gets through).
/// </summary>
public sealed partial class ServerOperationLeases(FleetLeases leases, ReplicaBus bus, IOptions<ManagerOptions> options, TimeProvider time,
    ILogger<ServerOperationLeases> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, string> _held = new();

    private TimeSpan Ttl => options.Value.Replicas.LeaseTtl;

    public bool Holds(Guid serverId) => _held.ContainsKey(serverId);

    /// <summary>Null when this replica now holds the server for <paramref name="operation"/>; else the operation that holds it elsewhere.</summary>
    public async Task<string?> TryTakeAsync(Guid serverId, string operation, CancellationToken ct = default)
    {
        var holder = $"{bus.Id} {operation}";
        if (await leases.TryTakeAsync(Name(serverId), holder, Ttl, ct))
        {
            _held[serverId] = holder;
            return null;
        }
        var other = await leases.HolderAsync(Name(serverId), ct);
        return other is null ? "an operation on another replica" : $"{other[(other.LastIndexOf(' ') + 1)..]} on {other[..Math.Max(0, other.LastIndexOf(' '))]}";
    }

    public async Task ReleaseAsync(Guid serverId)
    {
        if (_held.TryRemove(serverId, out var holder))
        {
            try
            {
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await leases.ReleaseAsync(Name(serverId), holder, bound.Token);
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or OperationCanceledException)
            {
                LogLeaseError(logger, serverId, ex.Message); // it expires by itself within the TTL
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Ttl / 3, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (serverId, holder) in _held)
            {
                try
                {
                    if (!await leases.TryTakeAsync(Name(serverId), holder, Ttl, stoppingToken))
                    {
                        LogLost(logger, serverId, holder);
                    }
                }
                catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
                {
                    LogLeaseError(logger, serverId, ex.Message);
                }
            }
        }
    }

    private static string Name(Guid serverId) => $"server-op:{serverId:N}";

    [LoggerMessage(LogLevel.Warning, "The operation lease of server {ServerId} ({Holder}) was taken by another replica while it ran (renewal came after the TTL)")]
    private static partial void LogLost(ILogger logger, Guid serverId, string holder);

    [LoggerMessage(LogLevel.Warning, "The operation lease of server {ServerId} could not be renewed or released: {Reason}")]
    private static partial void LogLeaseError(ILogger logger, Guid serverId, string reason);
}
