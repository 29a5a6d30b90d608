namespace ZedOps.Manager.Data.Entities;

/// <summary>One unexpected exit of a game server, as its agent reported it. <see cref="LastLines"/> holds the console's
/// last lines, already redacted, one per line.</summary>
public sealed class ServerCrashEntity
{
    public long Id { get; set; }
    public Guid ServerId { get; set; }
    public DateTimeOffset At { get; set; }
    public int? ExitCode { get; set; }

    /// <summary>A <c>CrashOutcomes</c> value: restarting, crash_loop or not_restarted.</summary>
    public required string Outcome { get; set; }
    public int CrashesInWindow { get; set; }
    public DateTimeOffset? RestartAt { get; set; }
    public required string LastLines { get; set; }
}
