using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ZedOps.Manager.Features.Backups.Policy;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Schedules.Pages;

/// <summary>The create/edit form of a scheduled task: the ladder is edited as text (one "15m message" per line), the
/// cron and zone are checked as you type (next run shown), and the service's refusal is shown on the field it names.</summary>
public sealed partial class ScheduleFormModel
{
    public Guid? Id { get; init; }
    public string Action { get; set; } = ServerScheduleRules.Restart;
    public string? Cron { get; set; } = "0 4 * * *";
    public string? TimeZone { get; set; } = "UTC";
    public string? Argument { get; set; }
    public string? Ladder { get; set; } = LadderText(ServerScheduleRules.DefaultWarnings(ServerScheduleRules.Restart));
    public string? FinalMessage { get; set; } = ServerScheduleRules.DefaultFinalMessage(ServerScheduleRules.Restart);
    public bool WhenEmpty { get; set; }
    public int WhenEmptyMaxWaitMinutes { get; set; } = ServerScheduleRules.DefaultEmptyWaitMinutes;
    public int SkipIfStartedWithinMinutes { get; set; }
    public string? CronError { get; private set; }
    public string? ZoneError { get; private set; }
    public string? NextPreview { get; private set; }
    public Dictionary<string, string> FieldErrors { get; } = [];

    public static ScheduleFormModel From(ServerScheduleView t)
    {
        var form = new ScheduleFormModel
        {
            Id = t.Id, Action = t.Action, Cron = t.Cron, TimeZone = t.TimeZone, Argument = t.Argument, FinalMessage = t.FinalMessage,
            WhenEmpty = t.WhenEmpty, WhenEmptyMaxWaitMinutes = t.WhenEmptyMaxWaitMinutes, SkipIfStartedWithinMinutes = t.SkipIfStartedWithinMinutes ?? 0,
            Ladder = t.Warnings.Count > 0 ? LadderText(t.Warnings) : LadderText(ServerScheduleRules.DefaultWarnings(t.Action)),
        };
        form.Preview();
        return form;
    }

    public string? ErrorOf(string field) => FieldErrors.GetValueOrDefault(field);

    /// <summary>Switching between restart and stop swaps untouched default texts for the other action's.</summary>
    public void SetAction(string action)
    {
        if (Ladder == LadderText(ServerScheduleRules.DefaultWarnings(Action)))
        {
            Ladder = LadderText(ServerScheduleRules.DefaultWarnings(action));
        }
        if (FinalMessage == ServerScheduleRules.DefaultFinalMessage(Action))
        {
            FinalMessage = ServerScheduleRules.DefaultFinalMessage(action);
        }
        Action = action;
    }

    public void Preview()
    {
        (CronError, ZoneError, NextPreview) = (null, null, null);
        try
        {
            var cron = ServerScheduleRules.ParseCron(Cron);
            var zone = ServerScheduleRules.ParseZone(TimeZone);
            var next = BackupScheduleRules.Next(cron, zone, DateTimeOffset.UtcNow);
            NextPreview = next is { } n ? $"{TimeZoneInfo.ConvertTime(n, zone):yyyy-MM-dd HH:mm} {zone.Id} ({n:yyyy-MM-dd HH:mm} UTC)" : "never";
        }
        catch (ServerCommandException ex)
        {
            Show(ex);
        }
    }

    /// <summary>The request to send, or null with the field errors set when the ladder text does not parse.</summary>
    public ServerScheduleRequest? ToRequest(bool? enabled)
    {
        FieldErrors.Clear();
        List<ScheduleWarning> warnings = [];
        if (ServerScheduleRules.IsWarned(Action))
        {
            foreach (var line in (Ladder ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
            {
                var m = LadderLine().Match(line);
                if (!m.Success)
                {
                    FieldErrors["warnings"] = $"'{line}' is not \"<time><s|m|h> <message>\", e.g. \"15m The server restarts in 15 minutes.\"";
                    return null;
                }
                var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                warnings.Add(new ScheduleWarning(m.Groups[2].Value switch { "s" => n, "h" => n * 3600, _ => n * 60 }, m.Groups[3].Value));
            }
        }
        return new ServerScheduleRequest(Cron, TimeZone, Action, Argument, warnings, FinalMessage ?? "",
            SkipIfStartedWithinMinutes, WhenEmpty, WhenEmptyMaxWaitMinutes, enabled);
    }

    /// <summary>Puts a refusal from the service on the field it names.</summary>
    public void Show(ServerCommandException ex)
    {
        var field = ex.Extensions?.GetValueOrDefault("field") as string ?? "form";
        var text = ex.Message.StartsWith(field + ": ", StringComparison.Ordinal) ? ex.Message[(field.Length + 2)..] : ex.Message;
        switch (field)
        {
            case "cron": CronError = text; break;
            case "timeZone": ZoneError = text; break;
            default: FieldErrors[field] = text; break;
        }
    }

    public static string ActionLabel(string action) => action switch
    {
        ServerScheduleRules.Restart => "Warned restart",
        ServerScheduleRules.Stop => "Warned stop",
        ServerScheduleRules.Start => "Start",
        ServerScheduleRules.Backup => "Backup (online)",
        ServerScheduleRules.Rcon => "RCON command",
        _ => "Broadcast message",
    };

    private static string LadderText(IEnumerable<ScheduleWarning> warnings)
    {
        var text = new StringBuilder();
        foreach (var w in warnings)
        {
            var at = w.SecondsBefore % 3600 == 0 ? $"{w.SecondsBefore / 3600}h" : w.SecondsBefore % 60 == 0 ? $"{w.SecondsBefore / 60}m" : $"{w.SecondsBefore}s";
            text.Append(CultureInfo.InvariantCulture, $"{at} {w.Message}\n");
        }
        return text.ToString().TrimEnd();
    }

    [GeneratedRegex(@"^(\d{1,5})\s*([smh]?)\s+(.+)$")]
    private static partial Regex LadderLine();
}
