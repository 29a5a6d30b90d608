using System.Text.Json;
using Cronos;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Schedules;

/// <summary>Actions, results, defaults and validation of scheduled tasks. Every refusal is a 400 problem naming the
/// field (<c>field</c> extension and the start of the detail).</summary>
public static class ServerScheduleRules
{
    public const string Restart = "restart";
    public const string Stop = "stop";
    public const string Start = "start";
    public const string Backup = "backup";
    public const string Rcon = "rcon";
    public const string Broadcast = "broadcast";
    public static readonly string[] Actions = [Restart, Stop, Start, Backup, Rcon, Broadcast];

    public const string Running = "running";
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
    public const string Waiting = "waiting";
    public const string Missed = "missed";

    /// <summary>How late a run may still start after manager downtime or an offline agent; older ones are reported missed.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(15);
    public const int MaxWarningSeconds = 3600;
    public const int MaxEmptyWaitMinutes = 24 * 60;
    public const int DefaultEmptyWaitMinutes = 60;

    public static readonly int[] DefaultLadderMinutes = [60, 30, 15, 5, 1];

    public static IReadOnlyList<ScheduleWarning> DefaultWarnings(string action) =>
        [.. DefaultLadderMinutes.Select(m => new ScheduleWarning(m * 60, $"The server {Verb(action)} in {m} minute{(m == 1 ? "" : "s")}."))];

    public static string DefaultFinalMessage(string action) => action == Stop
        ? "The server is shutting down now, please log out."
        : "The server is restarting now, please log out.";

    public static bool IsWarned(string action) => action is Restart or Stop;

    private static string Verb(string action) => action == Stop ? "shuts down" : "restarts";

    public static ServerCommandException Invalid(string field, string detail) =>
        new(400, "Invalid schedule", $"{field}: {detail}", new Dictionary<string, object?> { ["field"] = field });

    public static CronExpression ParseCron(string? cron)
    {
        if (string.IsNullOrWhiteSpace(cron))
        {
            throw Invalid("cron", "a cron expression is required, e.g. \"0 */6 * * *\" (every 6 hours).");
        }
        try
        {
            return CronExpression.Parse(cron.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw Invalid("cron", $"'{cron}' is not a valid cron expression ({ex.Message}). Use five fields: minute hour day-of-month month day-of-week, e.g. \"0 4 * * *\".");
        }
    }

    public static TimeZoneInfo ParseZone(string? zone) => string.IsNullOrWhiteSpace(zone) ? TimeZoneInfo.Utc
        : TimeZoneInfo.TryFindSystemTimeZoneById(zone.Trim(), out var found) ? found
        : throw Invalid("timeZone", $"'{zone}' is not a time zone this manager knows; use an IANA name such as \"Europe/Berlin\" or \"UTC\".");

    public static string ParseAction(string? action) => string.IsNullOrWhiteSpace(action)
        ? throw Invalid("action", $"an action is required: one of {string.Join(", ", Actions)}.")
        : Actions.Contains(action.Trim()) ? action.Trim()
        : throw Invalid("action", $"'{action}' is unknown; use one of {string.Join(", ", Actions)}.");

    public static string? ParseArgument(string action, string? argument)
    {
        if (action is not (Rcon or Broadcast))
        {
            return null;
        }
        var text = argument?.Trim();
        return string.IsNullOrEmpty(text) ? throw Invalid("argument", action == Rcon ? "the RCON command to send is required." : "the message to broadcast is required.")
            : text.Length > 1024 ? throw Invalid("argument", "at most 1024 characters.")
            : text.Contains('\n') || text.Contains('\r') ? throw Invalid("argument", "one line only.")
            : text;
    }

    public static IReadOnlyList<ScheduleWarning> ParseWarnings(IReadOnlyList<ScheduleWarning> warnings)
    {
        if (warnings.Count > 20)
        {
            throw Invalid("warnings", "at most 20 steps.");
        }
        foreach (var w in warnings)
        {
            if (w.SecondsBefore is < 1 or > MaxWarningSeconds)
            {
                throw Invalid("warnings", $"each step is 1 s to {MaxWarningSeconds / 60} min before the {Restart}/{Stop}; {w.SecondsBefore} s is not.");
            }
            if (string.IsNullOrWhiteSpace(w.Message) || w.Message.Length > 256 || w.Message.Contains('\n'))
            {
                throw Invalid("warnings", $"the message {w.SecondsBefore} s before must be one line of 1 to 256 characters.");
            }
        }
        if (warnings.Select(w => w.SecondsBefore).Distinct().Count() != warnings.Count)
        {
            throw Invalid("warnings", "two steps have the same time.");
        }
        return [.. warnings.OrderByDescending(w => w.SecondsBefore).Select(w => w with { Message = w.Message.Trim() })];
    }

    public static IReadOnlyList<ScheduleWarning> ReadWarnings(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<ScheduleWarning>>(json, ScheduleJson.Options) ?? [];

    public static string WriteWarnings(IReadOnlyList<ScheduleWarning> warnings) => JsonSerializer.Serialize(warnings, ScheduleJson.Options);

    /// <summary>The next occurrence strictly after <paramref name="after"/>, in UTC.</summary>
    public static DateTimeOffset? Next(string cron, string zone, DateTimeOffset after) =>
        CronExpression.Parse(cron, CronFormat.Standard).GetNextOccurrence(after, Backups.Policy.BackupScheduleRules.Zone(zone), inclusive: false)?.ToUniversalTime();

    /// <summary>The occurrences from <paramref name="from"/> to <paramref name="to"/> (both inclusive), at most <paramref name="max"/>.</summary>
    public static List<DateTimeOffset> Between(string cron, string zone, DateTimeOffset from, DateTimeOffset to, int max) =>
        [.. CronExpression.Parse(cron, CronFormat.Standard).GetOccurrences(from, to, Backups.Policy.BackupScheduleRules.Zone(zone), fromInclusive: true, toInclusive: true)
            .Take(max).Select(o => o.ToUniversalTime())];
}
