using Cronos;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Backups.Policy;

public sealed record ScheduleRequest(string? Cron, string? TimeZone, string? Mode, bool? Enabled);

/// <summary>A schedule as the API shows it. <see cref="NextRunLocal"/> is the next run in the schedule's own time zone.</summary>
public sealed record ScheduleView(Guid Id, Guid ServerId, string Cron, string TimeZone, string Mode, bool Enabled,
    DateTimeOffset? NextRunAt, DateTimeOffset? NextRunLocal, DateTimeOffset? LastRunAt, string? LastResult, string? LastMessage)
{
    public static ScheduleView From(BackupScheduleEntity s) => new(s.Id, s.ServerId, s.Cron, s.TimeZone, s.Mode, s.Enabled, s.NextRunAt,
        s.NextRunAt is { } next ? TimeZoneInfo.ConvertTime(next, BackupScheduleRules.Zone(s.TimeZone)) : null, s.LastRunAt, s.LastResult, s.LastMessage);
}

/// <summary>Modes, results and the cron/time-zone rules of backup schedules (Cronos: five fields, or @daily-style macros).</summary>
public static class BackupScheduleRules
{
    public const string Online = "online";
    public const string StopBackupStart = "stop-backup-start";
    public static readonly string[] Modes = [Online, StopBackupStart];

    public const string Running = "running";
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
    public const string Waiting = "waiting";
    public const string Missed = "missed";

    /// <summary>How late a run may still start: after manager downtime or while the agent was offline, the latest
    /// occurrence runs if it is at most this old; older ones are recorded as missed, never replayed.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    public static CronExpression ParseCron(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            throw ServerCommandException.Invalid("Invalid schedule", "A cron expression is required, e.g. \"0 4 * * *\" (every day at 04:00).");
        }
        try
        {
            return CronExpression.Parse(cron.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw ServerCommandException.Invalid("Invalid schedule",
                $"'{cron}' is not a cron expression ({ex.Message}). Use five fields: minute hour day-of-month month day-of-week, e.g. \"0 */6 * * *\".");
        }
    }

    public static TimeZoneInfo ParseZone(string? zone)
    {
        if (string.IsNullOrWhiteSpace(zone))
        {
            return TimeZoneInfo.Utc;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(zone.Trim(), out var found)
            ? found
            : throw ServerCommandException.Invalid("Invalid schedule", $"'{zone}' is not a time zone this manager knows; use an IANA name such as \"Europe/Berlin\" or \"UTC\".");
    }

    public static string ParseMode(string? mode) => string.IsNullOrWhiteSpace(mode) ? Online
        : Modes.Contains(mode.Trim()) ? mode.Trim()
        : throw ServerCommandException.Invalid("Invalid schedule", $"Mode '{mode}' is unknown; use \"{Online}\" (save, then back up while running) or \"{StopBackupStart}\".");

    /// <summary>A zone stored with a schedule; falls back to UTC if the host lost it (the API refuses unknown ones).</summary>
    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>Cronos answers in the zone's offset; stored times are UTC (PostgreSQL's timestamptz takes nothing else).</summary>
    public static DateTimeOffset? Next(CronExpression cron, TimeZoneInfo zone, DateTimeOffset after) =>
        cron.GetNextOccurrence(after, zone, inclusive: false)?.ToUniversalTime();

    public static DateTimeOffset? Next(BackupScheduleEntity s, DateTimeOffset after) => Next(CronExpression.Parse(s.Cron, CronFormat.Standard), Zone(s.TimeZone), after);

    /// <summary>The occurrences from <paramref name="from"/> (inclusive) to <paramref name="to"/> (inclusive), at most
    /// <paramref name="max"/> of them — enough to count a missed burst without enumerating a year of minutes.</summary>
    public static List<DateTimeOffset> Between(BackupScheduleEntity s, DateTimeOffset from, DateTimeOffset to, int max) =>
        [.. CronExpression.Parse(s.Cron, CronFormat.Standard).GetOccurrences(from, to, Zone(s.TimeZone), fromInclusive: true, toInclusive: true).Take(max).Select(o => o.ToUniversalTime())];
}
