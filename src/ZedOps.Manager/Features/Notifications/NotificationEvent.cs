namespace ZedOps.Manager.Features.Notifications;

/// <summary>Something worth telling an admin. <see cref="Key"/> narrows de-duplication below the subject (a player's name
/// for joins and leaves); events of one <see cref="NotificationEventTypes.GroupOf">group</see> and subject coalesce.</summary>
public sealed record NotificationEvent(
    string Type, Guid? ServerId, Guid? AgentId, string Title, string Text, DateTimeOffset At,
    string Severity = NotificationSeverities.Info, string? Key = null);

public static class NotificationSeverities
{
    public const string Info = "info";
    public const string Success = "success";
    public const string Warning = "warning";
    public const string Error = "error";
}

public static class NotificationEventTypes
{
    public const string AgentOffline = "agent.offline";
    public const string AgentOnline = "agent.online";
    public const string ServerUp = "server.up";
    public const string ServerDown = "server.down";
    public const string ServerCrashed = "server.crashed";
    public const string ServerCrashLoop = "server.crash_loop";
    public const string ModsOutdated = "mods.outdated";
    public const string ModsRestarted = "mods.restarted";
    public const string ModsStuck = "mods.stuck";
    public const string ScheduleFailed = "schedule.failed";
    public const string BackupFailed = "backup.failed";
    public const string HostDiskLow = "host.disk_low";
    public const string PlayerJoined = "player.joined";
    public const string PlayerLeft = "player.left";

    /// <summary>Sent only by "Send test"; never matched against a channel's events.</summary>
    public const string Test = "test";

    public static readonly IReadOnlyList<string> All =
    [
        AgentOffline, AgentOnline, ServerUp, ServerDown, ServerCrashed, ServerCrashLoop, ModsOutdated, ModsRestarted, ModsStuck,
        ScheduleFailed, BackupFailed, HostDiskLow, PlayerJoined, PlayerLeft,
    ];

    /// <summary>What a new channel gets: everything but player traffic, which is opt-in per server.</summary>
    public static readonly IReadOnlyList<string> Defaults = [.. All.Where(t => !IsPlayerEvent(t))];

    public static bool IsPlayerEvent(string type) => type is PlayerJoined or PlayerLeft;

    /// <summary>Opposite states of one subject share a group, so an agent flapping online/offline is one stream to coalesce.</summary>
    public static string GroupOf(string type) => type switch
    {
        AgentOffline or AgentOnline => "agent.presence",
        ServerUp or ServerDown => "server.state",
        PlayerJoined or PlayerLeft => "player.presence",
        _ => type,
    };

    public static string Label(string type) => type switch
    {
        AgentOffline => "Agent offline",
        AgentOnline => "Agent online",
        ServerUp => "Server up",
        ServerDown => "Server down",
        ServerCrashed => "Server crashed",
        ServerCrashLoop => "Crash loop",
        ModsOutdated => "Mod update detected",
        ModsRestarted => "Restart for mods",
        ModsStuck => "Mods still outdated",
        ScheduleFailed => "Scheduled task failed",
        BackupFailed => "Backup failed",
        HostDiskLow => "Disk low on a host",
        PlayerJoined => "Player joined",
        PlayerLeft => "Player left",
        _ => type,
    };
}
