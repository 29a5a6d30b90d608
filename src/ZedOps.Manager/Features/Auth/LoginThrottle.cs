using Microsoft.Extensions.Options;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Auth;

/// <summary>Brute-force protection that a stranger cannot turn against the account's owner (issue 10 item 6).
/// Wrong passwords or codes lock out only the (account, client address) pair that made them; the account as a whole
/// only slows down: once it has had more failures in the lockout window than one address may make, every attempt on it
/// waits a little (doubling, capped at <see cref="MaxSlowDown"/>) before the password is checked, success or not.
/// Nothing here touches the account row, so a lockout never ends sessions or API tokens. State is in memory: a
/// restart forgets it, which only an admin can cause.</summary>
internal sealed class LoginThrottle(TimeProvider time, IOptions<ManagerOptions> options)
{
    public static readonly TimeSpan MaxSlowDown = TimeSpan.FromSeconds(5);
    private const int PruneAbove = 4096;
    private readonly Lock _lock = new();
    private readonly Dictionary<(Guid User, string Address), PairState> _pairs = [];
    private readonly Dictionary<Guid, Queue<DateTimeOffset>> _accounts = [];

    private LoginOptions Login => options.Value.Login;

    /// <summary>Whether this address is locked out of this account right now.</summary>
    public bool IsLockedOut(Guid userId, string? address)
    {
        lock (_lock)
        {
            return _pairs.TryGetValue((userId, Key(address)), out var pair) && pair.LockedUntil > time.GetUtcNow();
        }
    }

    /// <summary>How long an attempt on this account waits before its password is checked.</summary>
    public TimeSpan SlowDown(Guid userId)
    {
        lock (_lock)
        {
            var excess = RecentAccountFailures(userId, time.GetUtcNow()) - Login.MaxFailedAttempts;
            return excess <= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Math.Min(MaxSlowDown.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(excess, 10))));
        }
    }

    /// <summary>Counts a wrong password or code; true when this failure locked the pair out.</summary>
    public bool Failed(Guid userId, string? address)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            Prune(now);
            var key = (userId, Key(address));
            var pair = _pairs.GetValueOrDefault(key) ?? new PairState();
            if (pair.LastFailure <= now - Login.LockoutDuration)
            {
                pair.Failures = 0; // failures further apart than the window do not add up
            }
            pair.Failures++;
            pair.LastFailure = now;
            if (pair.Failures >= Login.MaxFailedAttempts)
            {
                (pair.Failures, pair.LockedUntil) = (0, now + Login.LockoutDuration);
            }
            _pairs[key] = pair;
            if (!_accounts.TryGetValue(userId, out var failures))
            {
                _accounts[userId] = failures = new Queue<DateTimeOffset>();
            }
            failures.Enqueue(now);
            while (failures.Count > 64)
            {
                failures.Dequeue();
            }
            return pair.LockedUntil > now;
        }
    }

    public void Succeeded(Guid userId, string? address)
    {
        lock (_lock)
        {
            _pairs.Remove((userId, Key(address)));
        }
    }

    private int RecentAccountFailures(Guid userId, DateTimeOffset now)
    {
        if (!_accounts.TryGetValue(userId, out var failures))
        {
            return 0;
        }
        while (failures.TryPeek(out var at) && at <= now - Login.LockoutDuration)
        {
            failures.Dequeue();
        }
        return failures.Count;
    }

    // Bounds memory under a spray from many addresses: entries whose window and lockout are over carry no information.
    private void Prune(DateTimeOffset now)
    {
        if (_pairs.Count <= PruneAbove)
        {
            return;
        }
        foreach (var (key, pair) in _pairs.Where(p => p.Value.LockedUntil <= now && p.Value.LastFailure <= now - Login.LockoutDuration).ToList())
        {
            _pairs.Remove(key);
        }
        foreach (var user in _accounts.Keys.Where(u => RecentAccountFailures(u, now) == 0).ToList())
        {
            _accounts.Remove(user);
        }
    }

    private static string Key(string? address) => address ?? "unknown";

    private sealed class PairState
    {
        public int Failures { get; set; }
        public DateTimeOffset LastFailure { get; set; }
        public DateTimeOffset LockedUntil { get; set; }
    }
}
