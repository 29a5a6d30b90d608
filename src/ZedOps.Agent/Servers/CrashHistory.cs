using ZedOps.Protocol.Servers;

namespace ZedOps.Agent.Servers;

/// <summary>What to do about one crash: restart after <see cref="Delay"/>, or leave the server stopped.</summary>
internal sealed record CrashDecision(string Outcome, int CrashesInWindow, TimeSpan? Delay);

/// <summary>One server's recent crashes and the policy that judges them. Pure: the caller passes the clock's time, so the
/// backoff and window rules are tested with a fake clock. Not thread-safe: callers hold <see cref="GameServer.CrashGate"/>.</summary>
internal sealed class CrashHistory
{
    private readonly List<DateTimeOffset> _crashes = [];

    public int Count => _crashes.Count;

    /// <summary>Records a crash at <paramref name="now"/> and decides. Crashes older than the window are forgotten, so a
    /// server that crashes once a day is restarted every time with the first backoff step.</summary>
    public CrashDecision Record(DateTimeOffset now, CrashPolicy policy)
    {
        _crashes.RemoveAll(at => now - at >= TimeSpan.FromSeconds(policy.WindowSeconds));
        _crashes.Add(now);
        var count = _crashes.Count;
        if (!policy.Enabled)
        {
            return new CrashDecision(CrashOutcomes.NotRestarted, count, null);
        }
        if (count >= Math.Max(policy.MaxCrashes, 1))
        {
            return new CrashDecision(CrashOutcomes.CrashLoop, count, null);
        }
        var steps = policy.BackoffSeconds.Count > 0 ? policy.BackoffSeconds : CrashPolicy.Default.BackoffSeconds;
        var seconds = steps[Math.Min(count, steps.Count) - 1];
        return new CrashDecision(CrashOutcomes.Restarting, count, TimeSpan.FromSeconds(Math.Max(seconds, 0)));
    }

    /// <summary>A start asked through ZedOps (after a crash loop, or any start) begins a fresh count.</summary>
    public void Reset() => _crashes.Clear();
}
