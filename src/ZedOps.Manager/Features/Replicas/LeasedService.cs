using System.Data.Common;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Replicas;

/// <summary>
/// Runs a once-per-fleet hosted service only while this replica holds its lease (<see cref="FleetLeases"/>): it
/// tries every third of the TTL, starts the service when it takes the lease, renews it on the same beat, and stops the
/// service the moment a renewal fails (lost or the database is unreachable), so two replicas never run it at once for
/// longer than one renewal beat after a partition, and a dead holder's loop resumes elsewhere within the TTL.
/// </summary>
internal sealed partial class LeasedService(string name, IHostedService inner, FleetLeases leases, ReplicaBus bus,
    IOptions<ManagerOptions> options, TimeProvider time, ILogger<LeasedService> logger) : BackgroundService
{
    public string Name => name;

    public bool Running { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ttl = options.Value.Replicas.LeaseTtl;
        using var timer = new PeriodicTimer(ttl / 3, time);
        try
        {
            do
            {
                bool held;
                try
                {
                    held = await leases.TryTakeAsync(name, bus.Id, ttl, stoppingToken);
                }
                catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
                {
                    LogLeaseError(logger, name, ex.Message);
                    held = false;
                }
                if (held && !Running)
                {
                    LogTaken(logger, name, bus.Id);
                    await inner.StartAsync(stoppingToken);
                    Running = true;
                }
                else if (!held && Running)
                {
                    LogLost(logger, name, bus.Id);
                    await inner.StopAsync(CancellationToken.None);
                    Running = false;
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (Running)
            {
                await inner.StopAsync(CancellationToken.None);
                Running = false;
                await ReleaseQuietlyAsync();
            }
        }
    }

    private async Task ReleaseQuietlyAsync()
    {
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await leases.ReleaseAsync(name, bus.Id, bound.Token);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or OperationCanceledException)
        {
            LogLeaseError(logger, name, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "Replica {Replica} took the fleet lease '{Name}' and runs it")]
    private static partial void LogTaken(ILogger logger, string name, string replica);

    [LoggerMessage(LogLevel.Warning, "Replica {Replica} lost the fleet lease '{Name}'; stopped it here")]
    private static partial void LogLost(ILogger logger, string name, string replica);

    [LoggerMessage(LogLevel.Warning, "Fleet lease '{Name}' could not be taken or renewed: {Reason}")]
    private static partial void LogLeaseError(ILogger logger, string name, string reason);
}
