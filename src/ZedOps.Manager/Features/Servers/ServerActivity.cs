using System.Collections.Concurrent;
using System.Threading.Channels;
using ZedOps.Protocol.Backups;

namespace ZedOps.Manager.Features.Servers;

public sealed record ServerActivityEntry(Guid ServerId, DateTimeOffset At, string Step, string Message);

/// <summary>Recent progress of operations per server (pull, stop steps, failures) and change notifications for the UI.
/// Kept in memory: the audit log is the durable record.</summary>
public sealed class ServerActivity
{
    private const int PerServer = 50;
    private readonly ConcurrentDictionary<Guid, ConcurrentQueue<ServerActivityEntry>> _entries = new();
    private readonly ConcurrentDictionary<Channel<Guid>, byte> _subscribers = new();
    private readonly ConcurrentDictionary<Guid, BackupProgressed> _progress = new();

    /// <summary>Multi-replica mode: every local change (entry, progress, or null for "row changed") is handed here to be
    /// replayed on the other replicas with <see cref="ApplyRemote"/>.</summary>
    public Action<Guid, ServerActivityEntry?, BackupProgressed?>? Forward { get; set; }

    public IReadOnlyList<ServerActivityEntry> Recent(Guid serverId) =>
        _entries.TryGetValue(serverId, out var queue) ? [.. queue] : [];

    public void Add(ServerActivityEntry entry)
    {
        Keep(entry);
        Forward?.Invoke(entry.ServerId, entry, null);
    }

    /// <summary>A change made on another replica: applied here, never forwarded again.</summary>
    public void ApplyRemote(Guid serverId, ServerActivityEntry? entry, BackupProgressed? progress)
    {
        if (entry is not null)
        {
            Keep(entry);
        }
        else if (progress is not null)
        {
            _progress[serverId] = progress;
            Notify(serverId);
        }
        else
        {
            Notify(serverId);
        }
    }

    private void Keep(ServerActivityEntry entry)
    {
        var queue = _entries.GetOrAdd(entry.ServerId, _ => new ConcurrentQueue<ServerActivityEntry>());
        queue.Enqueue(entry);
        while (queue.Count > PerServer && queue.TryDequeue(out _))
        {
        }
        Notify(entry.ServerId);
    }

    /// <summary>The latest progress of the backup or restore running on the server, if any.</summary>
    public BackupProgressed? Progress(Guid serverId) => _progress.GetValueOrDefault(serverId);

    public void SetProgress(BackupProgressed progress)
    {
        _progress[progress.ServerId] = progress;
        Notify(progress.ServerId);
        Forward?.Invoke(progress.ServerId, null, progress);
    }

    /// <summary>Called when an operation begins and ends, so a finished copy's figures never show for the next one.</summary>
    public void ClearProgress(Guid serverId) => _progress.TryRemove(serverId, out _);

    /// <summary>Server ids whose row or activity changed; slow readers lose old notifications.</summary>
    public IAsyncEnumerable<Guid> Subscribe(CancellationToken ct)
    {
        var channel = Channel.CreateBounded<Guid>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        _subscribers.TryAdd(channel, 0);
        ct.Register(() =>
        {
            _subscribers.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        });
        return channel.Reader.ReadAllAsync(CancellationToken.None);
    }

    public void Changed(Guid serverId)
    {
        Notify(serverId);
        Forward?.Invoke(serverId, null, null);
    }

    private void Notify(Guid serverId)
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Writer.TryWrite(serverId);
        }
    }
}
