using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Features.Players;

public sealed record OnlinePlayer(string Name, DateTimeOffset Since);

public sealed record PlayersSnapshot(Guid ServerId, IReadOnlyList<OnlinePlayer> Online, DateTimeOffset? UpdatedAt)
{
    public int Count => Online.Count;
}

/// <summary>
/// Who is online on each server now, fed by the agents' reports, and the session history it writes as players come
/// and go (a join opens a row, a leave closes it). Open rows left by a previous manager run are picked up on the
/// server's first report, so a restart neither duplicates nor loses sessions. Pages subscribe to <see cref="Changed"/>.
/// </summary>
public sealed class PlayerRoster(IServiceScopeFactory scopes, Notifications.Notifications notifications)
{
    private readonly ConcurrentDictionary<Guid, PlayersSnapshot> _current = new();
    private readonly ConcurrentDictionary<Guid, int> _viewers = new();
    private readonly SemaphoreSlim _write = new(1, 1);

    public event Action<Guid>? Changed;

    /// <summary>Multi-replica mode: each snapshot written here is handed on to the other replicas (<see cref="ApplyRemote"/>).</summary>
    public Action<PlayersSnapshot>? Forward { get; set; }

    /// <summary>A snapshot written by the replica that holds the server's agent; the database rows are already there.</summary>
    public void ApplyRemote(PlayersSnapshot snapshot)
    {
        _current[snapshot.ServerId] = snapshot;
        Changed?.Invoke(snapshot.ServerId);
    }

    /// <summary>Raised when a server gets its first viewer, so the watch loop can start watching it at once.</summary>
    public event Action? ViewersChanged;

    public PlayersSnapshot Get(Guid serverId) => _current.TryGetValue(serverId, out var s) ? s : new PlayersSnapshot(serverId, [], null);

    public int Count(Guid serverId) => _current.TryGetValue(serverId, out var s) ? s.Count : 0;

    public bool IsViewed(Guid serverId) => _viewers.TryGetValue(serverId, out var n) && n > 0;

    /// <summary>Marks a server as watched by someone until the result is disposed.</summary>
    public IDisposable View(Guid serverId)
    {
        if (_viewers.AddOrUpdate(serverId, 1, (_, n) => n + 1) == 1)
        {
            ViewersChanged?.Invoke();
        }
        return new Viewer(() => _viewers.AddOrUpdate(serverId, 0, (_, n) => Math.Max(0, n - 1)));
    }

    public async Task ApplyAsync(Guid serverId, IReadOnlyCollection<string> online, DateTimeOffset at, CancellationToken ct)
    {
        await _write.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
            var open = await db.PlayerSessions.Where(p => p.ServerId == serverId && p.LeftAt == null).ToListAsync(ct);
            var names = online.ToHashSet(StringComparer.Ordinal);
            foreach (var session in open.Where(s => !names.Contains(s.Player)))
            {
                session.LeftAt = at;
                Announce(Notifications.NotificationEventTypes.PlayerLeft, serverId, session.Player, at);
            }
            var stillOpen = open.Where(s => s.LeftAt is null).GroupBy(s => s.Player, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(s => s.JoinedAt), StringComparer.Ordinal);
            foreach (var name in names.Where(n => !stillOpen.ContainsKey(n)))
            {
                db.PlayerSessions.Add(new PlayerSessionEntity { ServerId = serverId, Player = name, JoinedAt = at });
                Announce(Notifications.NotificationEventTypes.PlayerJoined, serverId, name, at);
                stillOpen[name] = at;
            }
            await db.SaveChangesAsync(ct);
            var list = stillOpen.Select(p => new OnlinePlayer(p.Key, p.Value)).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList();
            _current[serverId] = new PlayersSnapshot(serverId, list, at);
            Forward?.Invoke(_current[serverId]);
        }
        finally
        {
            _write.Release();
        }
        Changed?.Invoke(serverId);
    }

    /// <summary>Player traffic goes only to channels that enabled it for this server (see NotificationDispatcher.Accepts).</summary>
    private void Announce(string type, Guid serverId, string player, DateTimeOffset at) =>
        notifications.Publish(new Notifications.NotificationEvent(type, serverId, null,
            type == Notifications.NotificationEventTypes.PlayerJoined ? $"{player} joined" : $"{player} left",
            type == Notifications.NotificationEventTypes.PlayerJoined ? $"{player} joined the server." : $"{player} left the server.", at, Key: player));

    private sealed class Viewer(Action release) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                release();
            }
        }
    }
}
