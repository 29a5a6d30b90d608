namespace ZedOps.Manager.Features.Notifications;

public static class ChannelKinds
{
    public const string Discord = "discord";
    public const string Webhook = "webhook";
    public const string Email = "email";

    public static readonly IReadOnlyList<string> All = [Discord, Webhook, Email];
}

public static class SmtpSecurityModes
{
    public const string None = "none";
    public const string StartTls = "starttls";
    public const string Tls = "tls";

    public static readonly IReadOnlyList<string> All = [None, StartTls, Tls];
}

/// <summary>Create or replace a channel. A secret left out (null) keeps the stored one.</summary>
public sealed record NotificationChannelRequest(
    string? Name, string? Kind, bool? Enabled, IReadOnlyList<string>? Events, bool? AllServers, IReadOnlyList<Guid>? ServerIds,
    IReadOnlyList<Guid>? PlayerServerIds, string? Url, string? SigningSecret, SmtpChannelRequest? Smtp);

public sealed record SmtpChannelRequest(string? Host, int? Port, string? Security, string? User, string? Password, string? From, string? To);

/// <summary>What the API shows: settings, and of secrets only whether they are set (the URL with the last characters of its host).</summary>
public sealed record NotificationChannelView(
    Guid Id, string Name, string Kind, bool Enabled, IReadOnlyList<string> Events, bool AllServers, IReadOnlyList<Guid> ServerIds,
    IReadOnlyList<Guid> PlayerServerIds, string Url, string SigningSecret, SmtpChannelView? Smtp, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record SmtpChannelView(string Host, int Port, string Security, string? User, string Password, string From, string To);

public sealed record NotificationDeliveryView(
    long Id, Guid ChannelId, string Channel, string EventType, string Title, int Count, string Status, int Attempts, string? LastError,
    DateTimeOffset At, DateTimeOffset UpdatedAt);

public sealed record NotificationTestResult(bool Succeeded, string Detail);

/// <summary>A channel with its secrets, as a sender needs it.</summary>
public sealed record ChannelTarget(Guid Id, string Name, string Kind, string? Url, string? SigningSecret, SmtpSettings? Smtp);

public sealed record SmtpSettings(string Host, int Port, string Security, string? User, string? Password, string From, string To);
