using ZedOps.Protocol.Containers;

namespace ZedOps.Protocol.Servers;

/// <summary>What the agent does when a server's container exits without ZedOps having asked: restart it after
/// <see cref="BackoffSeconds"/> (the n-th crash in the window waits the n-th entry, the last one repeating), and after
/// <see cref="MaxCrashes"/> crashes within <see cref="WindowSeconds"/> leave it stopped and report a crash loop.</summary>
public sealed record CrashPolicy(bool Enabled, int MaxCrashes, int WindowSeconds, IReadOnlyList<int> BackoffSeconds)
{
    public static readonly CrashPolicy Default = new(true, 3, 600, [10, 30, 90]);
}

/// <summary>Pushed when a server's container exited unexpectedly. <see cref="LastLines"/> are the container's last
/// console lines as Docker has them (the manager redacts them like every console line before keeping them).
/// <see cref="RestartAt"/> is set when <see cref="Outcome"/> is <see cref="CrashOutcomes.Restarting"/>. <see cref="Replayed"/>:
/// sent late, after the agent reconnected (the manager was unreachable at the crash), so it is history, not the current state.</summary>
public sealed record ServerCrashed(
    Guid ServerId,
    string Name,
    int? ExitCode,
    DateTimeOffset At,
    string Outcome,
    int CrashesInWindow,
    DateTimeOffset? RestartAt,
    IReadOnlyList<LogLine> LastLines,
    bool Replayed = false) : INamesServer;

public static class CrashOutcomes
{
    /// <summary>The agent restarts it at <see cref="ServerCrashed.RestartAt"/>.</summary>
    public const string Restarting = "restarting";

    /// <summary>Too many crashes in the window: left stopped until someone starts it.</summary>
    public const string CrashLoop = "crash_loop";

    /// <summary>The server's policy has crash restarts off: left stopped.</summary>
    public const string NotRestarted = "not_restarted";
}
