using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Notifications;

/// <summary>Server up/down from the catalogue: every status change already raises <see cref="ServerActivity.Changed"/>,
/// so this reads the changed rows and reports running → stopped/failed/missing and back. Transitional statuses
/// (stopping, restarting…) change nothing, so a graceful stop is one "down". The "stopped" a restart, rebuild or
/// stop-back-up-start passes through is planned and brief: it is not reported, and the server stays "up".</summary>
internal sealed class ServerStatusBridge(
    ServerActivity activity, ServerOperations operations, IDbContextFactory<ZedOpsDbContext> dbFactory, Notifications notifications, TimeProvider time)
    : BackgroundService
{
    private static readonly string[] s_planned = ["restart", "rebuild", "backup.stop-backup-start"];

    private readonly Dictionary<Guid, bool> _up = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = Channel.CreateUnbounded<Guid>();
        _ = ForwardAsync(activity.Subscribe(stoppingToken), changes.Writer);
        await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
        {
            foreach (var s in await db.Servers.AsNoTracking().Select(s => new { s.Id, s.Status }).ToListAsync(stoppingToken))
            {
                _up[s.Id] = s.Status == ServerStatuses.Running;
            }
        }
        try
        {
            while (await changes.Reader.WaitToReadAsync(stoppingToken))
            {
                var ids = new HashSet<Guid>();
                while (changes.Reader.TryRead(out var id))
                {
                    ids.Add(id);
                }
                await CheckAsync(ids, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static async Task ForwardAsync(IAsyncEnumerable<Guid> source, ChannelWriter<Guid> target)
    {
        await foreach (var id in source)
        {
            target.TryWrite(id);
        }
        target.TryComplete();
    }

    private async Task CheckAsync(HashSet<Guid> ids, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Servers.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => new { s.Id, s.Name, s.Status, s.AgentId, s.LastError }).ToListAsync(ct);
        foreach (var s in rows)
        {
            var was = _up.GetValueOrDefault(s.Id);
            if (!was && s.Status == ServerStatuses.Running)
            {
                _up[s.Id] = true;
                notifications.Publish(new NotificationEvent(NotificationEventTypes.ServerUp, s.Id, s.AgentId, $"Server '{s.Name}' is up",
                    "The server is running and answering.", time.GetUtcNow(), NotificationSeverities.Success));
            }
            else if (was && s.Status is ServerStatuses.Stopped or ServerStatuses.Failed or ServerStatuses.Missing or ServerStatuses.Deleted
                && !(s.Status == ServerStatuses.Stopped && s_planned.Contains(operations.Running(s.Id))))
            {
                _up[s.Id] = false;
                var expected = s.Status is ServerStatuses.Stopped or ServerStatuses.Deleted;
                notifications.Publish(new NotificationEvent(NotificationEventTypes.ServerDown, s.Id, s.AgentId, $"Server '{s.Name}' is down ({s.Status})",
                    s.LastError ?? (expected ? "The server stopped." : $"The server is {s.Status}."), time.GetUtcNow(),
                    expected ? NotificationSeverities.Info : NotificationSeverities.Error));
            }
        }
    }
}
