namespace ZedOps.Protocol.Servers;

/// <summary>The answer of a <c>checkModsNeedUpdate</c>, which PZ writes only to its log (the RCON reply just says
/// the check started): <see cref="Result"/> is one of <see cref="ModsCheckResults"/>, <see cref="Line"/> the log text.</summary>
public sealed record ModsUpdateChecked(Guid ServerId, string Result, string Line, DateTimeOffset At) : INamesServer;

public static class ModsCheckResults
{
    /// <summary><c>CheckModsNeedUpdate: Mods need update</c>: a workshop item changed; the server needs a restart.</summary>
    public const string NeedUpdate = "need_update";

    /// <summary><c>CheckModsNeedUpdate: Mods updated</c>: every mod is current.</summary>
    public const string UpToDate = "up_to_date";

    /// <summary><c>CheckModsNeedUpdate: Check not completed</c>: the workshop query failed.</summary>
    public const string NotCompleted = "not_completed";
}
