namespace ZedOps.Manager.Features.Notifications.Pages;

/// <summary>The page's editable copy of a channel. Secret fields start empty and are sent only when typed in.</summary>
internal sealed class ChannelForm
{
    public string? Name { get; set; }
    public string Kind { get; set; } = ChannelKinds.Discord;
    public bool Enabled { get; set; } = true;
    public HashSet<string> Events { get; set; } = [.. NotificationEventTypes.Defaults];
    public bool AllServers { get; set; } = true;
    public IReadOnlyCollection<Guid> Servers { get; set; } = [];
    public IReadOnlyCollection<Guid> PlayerServers { get; set; } = [];
    public string? Url { get; set; }
    public string? SigningSecret { get; set; }
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public string SmtpSecurity { get; set; } = SmtpSecurityModes.StartTls;
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
    public string? MailFrom { get; set; }
    public string? MailTo { get; set; }

    public static ChannelForm From(NotificationChannelView c) => new()
    {
        Name = c.Name, Kind = c.Kind, Enabled = c.Enabled, Events = [.. c.Events], AllServers = c.AllServers, Servers = [.. c.ServerIds],
        PlayerServers = [.. c.PlayerServerIds], SmtpHost = c.Smtp?.Host, SmtpPort = c.Smtp?.Port ?? 587, SmtpSecurity = c.Smtp?.Security ?? SmtpSecurityModes.StartTls,
        SmtpUser = c.Smtp?.User, MailFrom = c.Smtp?.From, MailTo = c.Smtp?.To,
    };

    public void Toggle(string type, bool on)
    {
        if (on)
        {
            Events.Add(type);
        }
        else
        {
            Events.Remove(type);
        }
    }

    public NotificationChannelRequest ToRequest()
    {
        var events = Events.Where(e => !NotificationEventTypes.IsPlayerEvent(e)).ToList();
        if (PlayerServers.Count > 0)
        {
            events.AddRange([NotificationEventTypes.PlayerJoined, NotificationEventTypes.PlayerLeft]);
        }
        return new(Name, Kind, Enabled, events, AllServers, [.. Servers], [.. PlayerServers], Typed(Url), Typed(SigningSecret),
            Kind == ChannelKinds.Email ? new SmtpChannelRequest(SmtpHost, SmtpPort, SmtpSecurity, SmtpUser ?? "", Typed(SmtpPassword), MailFrom, MailTo) : null);
    }

    private static string? Typed(string? secret) => string.IsNullOrEmpty(secret) ? null : secret;
}
