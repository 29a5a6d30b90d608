using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Servers;

/// <summary>A server's crash handling, part of its config (operators may edit it): restart an unexpected exit after
/// the backoff steps, and after <see cref="MaxCrashes"/> crashes within <see cref="WindowMinutes"/> leave it
/// <c>failed</c>. Sent to the agent in the spec and with every sync.</summary>
public sealed record CrashRestartSettings
{
    public bool Enabled { get; init; } = true;
    public int MaxCrashes { get; init; } = CrashPolicy.Default.MaxCrashes;
    public int WindowMinutes { get; init; } = CrashPolicy.Default.WindowSeconds / 60;
    public IReadOnlyList<int> BackoffSeconds { get; init; } = CrashPolicy.Default.BackoffSeconds;

    public static readonly CrashRestartSettings Default = new();

    /// <summary>By value (the record's own equality compares the backoff list by reference); null is the default.</summary>
    public static bool Same(CrashRestartSettings? a, CrashRestartSettings? b)
    {
        var (x, y) = (a ?? Default, b ?? Default);
        return (x.Enabled, x.MaxCrashes, x.WindowMinutes) == (y.Enabled, y.MaxCrashes, y.WindowMinutes) && x.BackoffSeconds.SequenceEqual(y.BackoffSeconds);
    }

    public CrashPolicy ToPolicy() => new(Enabled, MaxCrashes, WindowMinutes * 60, BackoffSeconds);

    public IEnumerable<string> Problems()
    {
        if (MaxCrashes is < 1 or > 20)
        {
            yield return "Crash restarts: the crash count that stops restarts must be between 1 and 20.";
        }
        if (WindowMinutes is < 1 or > 1440)
        {
            yield return "Crash restarts: the window must be between 1 and 1440 minutes.";
        }
        if (BackoffSeconds is not { Count: >= 1 and <= 10 } || BackoffSeconds.Any(s => s is < 0 or > 3600))
        {
            yield return "Crash restarts: give 1 to 10 backoff steps, each between 0 and 3600 seconds.";
        }
    }
}
