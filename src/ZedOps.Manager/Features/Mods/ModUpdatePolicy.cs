using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Mods;

public static class ModUpdateActions
{
    /// <summary>Restart after the warning countdown (broadcasts to the players), the default.</summary>
    public const string WarnedRestart = "warned_restart";
    /// <summary>Wait for the last player to leave (up to a bound, then a warned restart).</summary>
    public const string RestartWhenEmpty = "restart_when_empty";
    /// <summary>Only report it (activity, audit); someone restarts by hand.</summary>
    public const string NotifyOnly = "notify";

    public static readonly IReadOnlyList<string> All = [WarnedRestart, RestartWhenEmpty, NotifyOnly];
}

/// <summary>Per server (kept with its settings): how often to ask PZ <c>checkModsNeedUpdate</c> and what to do when
/// Workshop mods changed. Null in a server's settings means these defaults.</summary>
public sealed record ModUpdatePolicy
{
    public bool Enabled { get; init; } = true;
    public int IntervalMinutes { get; init; } = 10;
    public string Action { get; init; } = ModUpdateActions.WarnedRestart;
    public int WarningMinutes { get; init; } = 5;
    public int EmptyWaitMinutes { get; init; } = 60;

    /// <summary>Also ask the Steam Web API for each Workshop item's last update (needs internet access from the manager).</summary>
    public bool UseSteamApi { get; init; }

    public IEnumerable<string> Problems()
    {
        if (IntervalMinutes is < 1 or > 1440)
        {
            yield return "intervalMinutes must be 1 to 1440 (how often to ask the server whether Workshop mods changed).";
        }
        if (!ModUpdateActions.All.Contains(Action))
        {
            yield return $"action must be one of {string.Join(", ", ModUpdateActions.All)}; got '{Action}'.";
        }
        if (WarningMinutes is < 0 or > 60)
        {
            yield return "warningMinutes must be 0 to 60 (the countdown players see before the restart).";
        }
        if (EmptyWaitMinutes is < 1 or > 1440)
        {
            yield return "emptyWaitMinutes must be 1 to 1440 (how long to wait for the server to empty).";
        }
    }
}

/// <summary>What the watcher knows of one server (this process only: a manager restart forgets it, so the first
/// check after it starts the story again).</summary>
public sealed record ModWatchState(
    DateTimeOffset? LastCheckAt = null,
    string? LastResult = null,
    DateTimeOffset? LastResultAt = null,
    DateTimeOffset? RestartedForModsAt = null,
    bool StuckReported = false,
    string? Pending = null);

public enum ModDecision { None, Restart, Notify, Stuck }

/// <summary>The watcher's rules, free of I/O.</summary>
public static class ModUpdateRules
{
    public static bool IsDue(ModUpdatePolicy policy, ModWatchState state, DateTimeOffset now) =>
        policy.Enabled && state.Pending is null && (state.LastCheckAt is not { } last || now - last >= TimeSpan.FromMinutes(policy.IntervalMinutes));

    /// <summary>"Mods need update" restarts once; if the same answer comes after that restart the mod is stuck (the
    /// Workshop item cannot be downloaded, or the server keeps an old copy): reported once, never restarted again
    /// until a check says the mods are up to date.</summary>
    public static (ModDecision Decision, ModWatchState Next) OnAnswer(ModUpdatePolicy policy, ModWatchState state, string result, DateTimeOffset at)
    {
        var next = state with { LastResult = result, LastResultAt = at };
        if (result == ModsCheckResults.UpToDate)
        {
            return (ModDecision.None, next with { RestartedForModsAt = null, StuckReported = false });
        }
        if (result != ModsCheckResults.NeedUpdate || state.Pending is not null)
        {
            return (ModDecision.None, next);
        }
        if (state.RestartedForModsAt is not null)
        {
            return state.StuckReported ? (ModDecision.None, next) : (ModDecision.Stuck, next with { StuckReported = true });
        }
        return policy.Action == ModUpdateActions.NotifyOnly
            ? (state.LastResult == ModsCheckResults.NeedUpdate ? ModDecision.None : ModDecision.Notify, next)
            : (ModDecision.Restart, next);
    }
}
