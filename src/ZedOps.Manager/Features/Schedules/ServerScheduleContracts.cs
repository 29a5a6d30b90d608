using System.Text.Json;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Backups.Policy;

namespace ZedOps.Manager.Features.Schedules;

/// <summary>One step of a warning ladder as the API takes and shows it.</summary>
public sealed record ScheduleWarning(int SecondsBefore, string Message);

/// <summary>Create or change a scheduled task. On a change, a null field keeps its value.</summary>
public sealed record ServerScheduleRequest(string? Cron, string? TimeZone, string? Action, string? Argument = null,
    IReadOnlyList<ScheduleWarning>? Warnings = null, string? FinalMessage = null, int? SkipIfStartedWithinMinutes = null,
    bool? WhenEmpty = null, int? WhenEmptyMaxWaitMinutes = null, bool? Enabled = null);

/// <summary>A scheduled task as the API shows it; <see cref="NextRunLocal"/> is the next run in the task's own time zone.</summary>
public sealed record ServerScheduleView(Guid Id, Guid ServerId, string Cron, string TimeZone, string Action, string? Argument,
    IReadOnlyList<ScheduleWarning> Warnings, string? FinalMessage, int? SkipIfStartedWithinMinutes, bool WhenEmpty, int WhenEmptyMaxWaitMinutes,
    bool Enabled, DateTimeOffset? NextRunAt, DateTimeOffset? NextRunLocal, DateTimeOffset? LastRunAt, string? LastResult, string? LastMessage,
    bool Running)
{
    public static ServerScheduleView From(ServerScheduleEntity s, DateTimeOffset now) => new(s.Id, s.ServerId, s.Cron, s.TimeZone, s.Action, s.Argument,
        ServerScheduleRules.ReadWarnings(s.WarningsJson), s.FinalMessage, s.SkipIfStartedWithinMinutes, s.WhenEmpty, s.WhenEmptyMaxWaitMinutes,
        s.Enabled, s.NextRunAt, s.NextRunAt is { } next ? TimeZoneInfo.ConvertTime(next, BackupScheduleRules.Zone(s.TimeZone)) : null,
        s.LastRunAt, s.LastResult, s.LastMessage, s.LeaseUntil > now);
}

/// <summary>The server's schedules and whether they are all paused.</summary>
public sealed record ServerSchedulesView(Guid ServerId, bool Paused, IReadOnlyList<ServerScheduleView> Schedules);

public sealed record PauseRequest(bool Paused);

internal static class ScheduleJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
