using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Users;

/// <summary>
/// Counts wrong current passwords given to "change my password", per account: after
/// <c>Login:MaxFailedAttempts</c> of them within <c>Login:LockoutDuration</c> the form refuses (429) until the window
/// ends. Without it a stolen session is an unthrottled oracle for the account's password. It does not lock the account
/// itself (that would let a stolen session lock its owner out of logging in).
/// </summary>
public sealed class PasswordChangeThrottle(IOptions<ManagerOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<Guid, Window> _failures = new();

    /// <summary>When the account may try again, or null when it may now.</summary>
    public DateTimeOffset? BlockedUntil(Guid userId)
    {
        var now = time.GetUtcNow();
        return _failures.TryGetValue(userId, out var window) && window.Count >= options.Value.Login.MaxFailedAttempts && window.Ends > now
            ? window.Ends
            : null;
    }

    public void Failed(Guid userId)
    {
        var now = time.GetUtcNow();
        _failures.AddOrUpdate(userId, _ => new Window(1, now + options.Value.Login.LockoutDuration),
            (_, w) => w.Ends > now ? w with { Count = w.Count + 1 } : new Window(1, now + options.Value.Login.LockoutDuration));
    }

    public void Succeeded(Guid userId) => _failures.TryRemove(userId, out _);

    private sealed record Window(int Count, DateTimeOffset Ends);
}
