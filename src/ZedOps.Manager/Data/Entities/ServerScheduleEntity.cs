namespace ZedOps.Manager.Data.Entities;

/// <summary>
/// A scheduled task of one server: a cron expression in a time zone and an action. <see cref="NextRunAt"/> is the claim
/// token of an occurrence (only the UPDATE that still finds the value it read takes it); <see cref="LeaseOwner"/> and
/// <see cref="LeaseUntil"/> are the lease of the manager process running it, renewed while a warning ladder runs, so a
/// second manager on the same database neither runs the same occurrence nor overlaps a run still in progress.
/// </summary>
public sealed class ServerScheduleEntity
{
    public Guid Id { get; set; }
    public Guid ServerId { get; set; }
    public required string Cron { get; set; }
    public required string TimeZone { get; set; }
    public required string Action { get; set; }

    /// <summary>The RCON command or the broadcast text; null for the other actions.</summary>
    public string? Argument { get; set; }

    /// <summary>The warning ladder of a warned restart or stop as JSON (<c>[{"secondsBefore":3600,"message":"..."}]</c>).</summary>
    public string? WarningsJson { get; set; }
    public string? FinalMessage { get; set; }

    /// <summary>Skip the run when the server started less than this many minutes ago (null: never skip).</summary>
    public int? SkipIfStartedWithinMinutes { get; set; }

    /// <summary>Restart or stop as soon as no player is online, waiting at most <see cref="WhenEmptyMaxWaitMinutes"/>;
    /// after that the warning ladder runs as usual.</summary>
    public bool WhenEmpty { get; set; }
    public int WhenEmptyMaxWaitMinutes { get; set; }

    public bool Enabled { get; set; }
    public DateTimeOffset? NextRunAt { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
    public string? LastResult { get; set; }
    public string? LastMessage { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
