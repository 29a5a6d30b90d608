namespace ZedOps.Manager.Data.Entities;

/// <summary>Where notifications go (Discord webhook, signed JSON webhook or SMTP). The URL, signing secret and SMTP
/// password live only in <see cref="ProtectedSecrets"/>; <see cref="UrlHint"/> is what may be shown of the URL.</summary>
public sealed class NotificationChannelEntity
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Kind { get; set; }
    public bool Enabled { get; set; } = true;
    public List<string> Events { get; set; } = [];
    public bool AllServers { get; set; } = true;
    public List<Guid> ServerIds { get; set; } = [];
    public List<Guid> PlayerServerIds { get; set; } = [];
    public string? UrlHint { get; set; }
    public string? SmtpHost { get; set; }
    public int? SmtpPort { get; set; }
    public string? SmtpSecurity { get; set; }
    public string? SmtpUser { get; set; }
    public string? MailFrom { get; set; }
    public string? MailTo { get; set; }
    public required string ProtectedSecrets { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One message to one channel: its fate after every attempt (pending → sent or failed), with the last error.</summary>
public sealed class NotificationDeliveryEntity
{
    public long Id { get; set; }
    public Guid ChannelId { get; set; }
    public required string EventType { get; set; }
    public required string Title { get; set; }
    public Guid? ServerId { get; set; }
    public Guid? AgentId { get; set; }
    public int Count { get; set; } = 1;
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset At { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
