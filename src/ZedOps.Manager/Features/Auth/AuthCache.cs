using System.Collections.Concurrent;
using System.Security.Claims;

namespace ZedOps.Manager.Features.Auth;

/// <summary>
/// What every authenticated request needs from the database — a user's security stamp and principal, an API token's
/// owner and stamp — kept in memory and dropped by the change itself: the user store evicts a user when it saves or
/// deletes one (password, reset, admin flag, two-factor, removal all rotate or remove the stamp), token revocation evicts
/// the token. So a revoked right still takes effect on the very next request, without a database round trip on the
/// others. A load that raced with a change is not stored (a per-user generation is compared before storing).
/// With several replicas each eviction is also handed to <see cref="Forward"/>, which publishes it over NATS so every
/// replica drops the same entry (Features/Replicas/ReplicaAuthEvictions).
/// </summary>
public sealed class AuthCache
{
    public sealed record UserEntry(string SecurityStamp, ClaimsPrincipal Principal);

    /// <summary>A user's non-admin grant, as <see cref="AccessControl"/> reads it.</summary>
    public sealed record Grant(string Role, string ScopeType, Guid? ScopeId);

    public sealed record TokenEntry(Guid Id, Guid UserId, string SecurityStamp, DateTimeOffset? ExpiresAt);

    private readonly ConcurrentDictionary<Guid, UserEntry> _users = new();
    private readonly ConcurrentDictionary<Guid, long> _generations = new();
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<Grant>> _grants = new();
    private readonly ConcurrentDictionary<string, TokenEntry> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Guid> _serverAgents = new();
    private long _tokenGeneration;

    /// <summary>The agent a server lives on, for the per-server access check (a server never moves to another agent;
    /// its id is never reused). A purge evicts the entry on every replica, so the route answers 404 at once.</summary>
    public Guid? ServerAgent(Guid serverId) => _serverAgents.TryGetValue(serverId, out var agentId) ? agentId : null;

    public void StoreServerAgent(Guid serverId, Guid agentId)
    {
        if (_serverAgents.Count >= 100_000)
        {
            _serverAgents.Clear();
        }
        _serverAgents[serverId] = agentId;
    }

    public long UserGeneration(Guid userId) => _generations.GetValueOrDefault(userId);

    public UserEntry? User(Guid userId) => _users.GetValueOrDefault(userId);

    /// <summary>Stores a load that began at <paramref name="generation"/>, unless the user changed since.</summary>
    public void StoreUser(Guid userId, long generation, UserEntry entry)
    {
        if (UserGeneration(userId) == generation)
        {
            _users[userId] = entry;
            if (UserGeneration(userId) != generation)
            {
                _users.TryRemove(userId, out _);
            }
        }
    }

    public IReadOnlyList<Grant>? Grants(Guid userId) => _grants.GetValueOrDefault(userId);

    /// <summary>Stores grants read from a load that began at <paramref name="generation"/>, unless the user changed since.</summary>
    public void StoreGrants(Guid userId, long generation, IReadOnlyList<Grant> grants)
    {
        if (UserGeneration(userId) == generation)
        {
            _grants[userId] = grants;
            if (UserGeneration(userId) != generation)
            {
                _grants.TryRemove(userId, out _);
            }
        }
    }

    /// <summary>Multi-replica mode: each local eviction (<c>user</c>, <c>token</c> or <c>server</c>, id) is handed here to reach the others.</summary>
    public Action<string, Guid>? Forward { get; set; }

    /// <summary>Drops everything known about a user: stamp, principal, grants and tokens. Called after the change is
    /// saved (user store saves, grant and revoke handlers), so the next request reads the new state.</summary>
    public void EvictUser(Guid userId)
    {
        DropUser(userId);
        Forward?.Invoke("user", userId);
    }

    public void EvictToken(Guid tokenId)
    {
        DropToken(tokenId);
        Forward?.Invoke("token", tokenId);
    }

    /// <summary>Called after a server was purged (its row removed).</summary>
    public void EvictServer(Guid serverId)
    {
        _serverAgents.TryRemove(serverId, out _);
        Forward?.Invoke("server", serverId);
    }

    /// <summary>An eviction made on another replica, applied here without forwarding it again.</summary>
    public void ApplyRemote(string kind, Guid id)
    {
        switch (kind)
        {
            case "user":
                DropUser(id);
                break;
            case "server":
                _serverAgents.TryRemove(id, out _);
                break;
            default:
                DropToken(id);
                break;
        }
    }

    /// <summary>Drops everything (after the link to the other replicas was down, evictions may have been missed).</summary>
    public void Clear()
    {
        foreach (var userId in _users.Keys.Union(_grants.Keys).ToList())
        {
            DropUser(userId);
        }
        Interlocked.Increment(ref _tokenGeneration);
        _tokens.Clear();
        _serverAgents.Clear();
    }

    private void DropUser(Guid userId)
    {
        _generations.AddOrUpdate(userId, 1, (_, g) => g + 1);
        _users.TryRemove(userId, out _);
        _grants.TryRemove(userId, out _);
        foreach (var (hash, token) in _tokens)
        {
            if (token.UserId == userId)
            {
                _tokens.TryRemove(hash, out _);
            }
        }
    }

    public long TokenGeneration => Interlocked.Read(ref _tokenGeneration);

    public TokenEntry? Token(string hash) => _tokens.GetValueOrDefault(hash);

    public void StoreToken(string hash, long generation, TokenEntry entry)
    {
        if (TokenGeneration == generation)
        {
            _tokens[hash] = entry;
            if (TokenGeneration != generation)
            {
                _tokens.TryRemove(hash, out _);
            }
        }
    }

    private void DropToken(Guid tokenId)
    {
        Interlocked.Increment(ref _tokenGeneration);
        foreach (var (hash, token) in _tokens)
        {
            if (token.Id == tokenId)
            {
                _tokens.TryRemove(hash, out _);
            }
        }
    }
}
