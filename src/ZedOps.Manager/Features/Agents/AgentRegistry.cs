using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Threading.Channels;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;

namespace ZedOps.Manager.Features.Agents;

/// <summary>Live connections and live state of every known agent, with a snapshot-plus-changes feed for the UI.
/// The database holds identity; this holds what is true right now.</summary>
public sealed class AgentRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, AgentConnection> _connections = new();
    private readonly ConcurrentDictionary<Guid, AgentLiveState> _states = new();
    private readonly ConcurrentDictionary<Channel<AgentLiveState>, byte> _subscribers = new();
    private readonly Dictionary<Guid, (string Replica, DateTimeOffset ExpiresAt)> _remote = [];

    /// <summary>Raised for each change of an agent whose socket is in this process (presence is published from here
    /// in multi-replica mode); never for states learnt from other replicas.</summary>
    public event Action<AgentLiveState>? LocalChanged;

    public int OnlineCount => _connections.Count(c => c.Value.Ready);

    public AgentConnection? Find(Guid agentId) => _connections.TryGetValue(agentId, out var c) && c.Ready ? c : null;

    public IEnumerable<AgentConnection> Connections => _connections.Values;

    public AgentLiveState? State(Guid agentId) => _states.GetValueOrDefault(agentId);

    /// <summary>True when the agent is online on another replica (multi-replica mode).</summary>
    public bool IsOnlineElsewhere(Guid agentId)
    {
        lock (_remote)
        {
            return _remote.ContainsKey(agentId);
        }
    }

    /// <summary>A state announced by <paramref name="replica"/>, which holds (or held) the agent's socket. A local socket
    /// is the truth and wins; a goodbye from a replica that no longer holds the agent is stale and ignored.</summary>
    public void ApplyRemote(string replica, AgentLiveState state, DateTimeOffset expiresAt)
    {
        if (_connections.ContainsKey(state.Id))
        {
            return;
        }
        lock (_remote)
        {
            var known = _remote.TryGetValue(state.Id, out var holder);
            if (!state.Online && known && holder.Replica != replica)
            {
                return;
            }
            if (state.Online)
            {
                _remote[state.Id] = (replica, expiresAt);
            }
            else
            {
                _remote.Remove(state.Id);
            }
        }
        _states[state.Id] = state;
        Broadcast(state);
    }

    /// <summary>Marks offline the agents whose replica stopped announcing them (it died without saying goodbye).</summary>
    public int ExpireRemote(DateTimeOffset now)
    {
        List<Guid> expired;
        lock (_remote)
        {
            expired = [.. _remote.Where(r => r.Value.ExpiresAt < now).Select(r => r.Key)];
            foreach (var id in expired)
            {
                _remote.Remove(id);
            }
        }
        foreach (var id in expired.Where(id => !_connections.ContainsKey(id)))
        {
            if (_states.TryGetValue(id, out var last))
            {
                var offline = last with { Online = false, Metrics = null };
                _states[id] = offline;
                Broadcast(offline);
            }
        }
        return expired.Count;
    }

    /// <summary>Seeds state for agents known from the database (offline until they connect).</summary>
    public void Know(Guid id, string name, DateTimeOffset? lastSeenAt) =>
        _states.TryAdd(id, new AgentLiveState(id, name, false, lastSeenAt, null, null, null, null));

    /// <summary>Adds a connection; the agent's previous connection, if any, is returned so the caller can close it.</summary>
    public AgentConnection? Attach(AgentConnection connection)
    {
        AgentConnection? previous = null;
        _connections.AddOrUpdate(connection.AgentId, connection, (_, old) => { previous = old; return connection; });
        lock (_remote)
        {
            _remote.Remove(connection.AgentId);
        }
        return previous;
    }

    public void MarkReady(AgentConnection connection, Hello hello)
    {
        connection.Ready = true;
        Publish(connection.AgentId, s => s with
        {
            Online = true, LastSeenAt = time.GetUtcNow(), Host = hello.Host, Docker = hello.Docker, ConnectedAt = connection.ConnectedAt,
        }, connection.AgentName);
    }

    /// <summary>Raised for each heartbeat of a current connection (the metrics store samples host series from it).</summary>
    public event Action<Guid, Heartbeat>? HeartbeatRecorded;

    public void RecordHeartbeat(AgentConnection connection, Heartbeat heartbeat)
    {
        if (_connections.TryGetValue(connection.AgentId, out var current) && current == connection)
        {
            HeartbeatRecorded?.Invoke(connection.AgentId, heartbeat);
            Publish(connection.AgentId, s => s with { Online = true, LastSeenAt = time.GetUtcNow(), Metrics = heartbeat.Metrics, Docker = heartbeat.Docker }, connection.AgentName);
        }
    }

    /// <summary>Removes the connection if it is still the current one; returns true when the agent went offline.</summary>
    public bool Detach(AgentConnection connection)
    {
        if (!_connections.TryRemove(new KeyValuePair<Guid, AgentConnection>(connection.AgentId, connection)))
        {
            return false;
        }
        Publish(connection.AgentId, s => s with { Online = false, LastSeenAt = time.GetUtcNow(), Metrics = null }, connection.AgentName);
        return true;
    }

    /// <summary>Multi-replica mode: a revocation made here is handed to this to reach the other replicas.</summary>
    public Action<Guid>? ForwardRevoked { get; set; }

    /// <summary>An admin revoked the agent: its socket closes with the revoked code (the agent exits) and it is forgotten —
    /// here, and through <see cref="ForwardRevoked"/> on the replica that holds its socket.</summary>
    public void Revoke(Guid agentId)
    {
        DropRevoked(agentId);
        ForwardRevoked?.Invoke(agentId);
    }

    /// <summary>A revocation made on another replica, applied here without forwarding it again.</summary>
    public void DropRevoked(Guid agentId)
    {
        foreach (var connection in Connections.Where(c => c.AgentId == agentId))
        {
            connection.Close(CloseCodes.Revoked, "agent revoked by an admin");
        }
        Forget(agentId);
    }

    public void Forget(Guid agentId)
    {
        if (_states.TryRemove(agentId, out var last))
        {
            Broadcast(last with { Online = false, Name = "" });
        }
    }

    public ImmutableArray<AgentLiveState> Snapshot() => [.. _states.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    /// <summary>A snapshot plus every later change. A slow subscriber loses old changes, never blocks an agent.</summary>
    public (ImmutableArray<AgentLiveState> Snapshot, IAsyncEnumerable<AgentLiveState> Changes) Subscribe(CancellationToken ct)
    {
        var channel = Channel.CreateBounded<AgentLiveState>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        _subscribers.TryAdd(channel, 0);
        ct.Register(() =>
        {
            _subscribers.TryRemove(channel, out _);
            channel.Writer.TryComplete();
        });
        return (Snapshot(), channel.Reader.ReadAllAsync(CancellationToken.None));
    }

    private void Publish(Guid id, Func<AgentLiveState, AgentLiveState> change, string name)
    {
        var next = _states.AddOrUpdate(id,
            _ => change(new AgentLiveState(id, name, false, null, null, null, null, null)),
            (_, old) => change(old));
        Broadcast(next);
        LocalChanged?.Invoke(next);
    }

    private void Broadcast(AgentLiveState state)
    {
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Writer.TryWrite(state);
        }
    }
}
