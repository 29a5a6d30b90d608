using System.Net.Mail;
using System.Text.RegularExpressions;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Notifications;

/// <summary>Applies a request to a channel row and its secrets, collecting every problem into one 400.</summary>
internal static partial class ChannelValidation
{
    public static ChannelSecretValues Apply(NotificationChannelRequest r, NotificationChannelEntity row, ChannelSecretValues current)
    {
        var errors = new List<string>();
        var name = r.Name?.Trim() ?? row.Name;
        if (!NamePattern().IsMatch(name))
        {
            errors.Add("name: 1-64 characters: letters, digits, space, '.', '_' or '-'");
        }
        var kind = r.Kind ?? row.Kind;
        if (!ChannelKinds.All.Contains(kind))
        {
            errors.Add($"kind: one of {string.Join(", ", ChannelKinds.All)}");
        }
        else if (row.Kind.Length > 0 && kind != row.Kind)
        {
            errors.Add("kind: cannot be changed; create a new channel");
        }
        var events = r.Events?.Distinct().ToList() ?? (row.Events.Count == 0 && row.Kind.Length == 0 ? [.. NotificationEventTypes.Defaults] : row.Events);
        if (events.Except(NotificationEventTypes.All).ToList() is { Count: > 0 } unknown)
        {
            errors.Add($"events: unknown {string.Join(", ", unknown)}");
        }
        var secrets = new ChannelSecretValues(r.Url ?? current.Url, r.SigningSecret ?? current.SigningSecret, r.Smtp?.Password ?? current.SmtpPassword);
        if (kind is ChannelKinds.Discord or ChannelKinds.Webhook)
        {
            if (!Uri.TryCreate(secrets.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add("url: an absolute http(s) URL is required");
            }
            else
            {
                row.UrlHint = uri.Host.Length <= 4 ? uri.Host : "…" + uri.Host[^4..];
            }
        }
        if (kind == ChannelKinds.Email)
        {
            ApplySmtp(r.Smtp, row, errors);
        }
        if (errors.Count > 0)
        {
            throw ServerCommandException.Invalid("Invalid notification channel", string.Join("; ", errors));
        }
        row.Name = name;
        row.Kind = kind;
        row.Enabled = r.Enabled ?? row.Enabled;
        row.Events = events;
        row.AllServers = r.AllServers ?? row.AllServers;
        row.ServerIds = [.. (r.ServerIds ?? row.ServerIds).Distinct()];
        row.PlayerServerIds = [.. (r.PlayerServerIds ?? row.PlayerServerIds).Distinct()];
        return secrets;
    }

    private static void ApplySmtp(SmtpChannelRequest? s, NotificationChannelEntity row, List<string> errors)
    {
        var host = s?.Host?.Trim() ?? row.SmtpHost;
        var port = s?.Port ?? row.SmtpPort ?? 587;
        var security = s?.Security ?? row.SmtpSecurity ?? SmtpSecurityModes.StartTls;
        var from = s?.From?.Trim() ?? row.MailFrom;
        var to = s?.To?.Trim() ?? row.MailTo;
        if (string.IsNullOrEmpty(host) || host.Length > 255)
        {
            errors.Add("smtp.host: required");
        }
        if (port is < 1 or > 65535)
        {
            errors.Add("smtp.port: 1-65535");
        }
        if (!SmtpSecurityModes.All.Contains(security))
        {
            errors.Add($"smtp.security: one of {string.Join(", ", SmtpSecurityModes.All)}");
        }
        if (!MailAddress.TryCreate(from, out _))
        {
            errors.Add("smtp.from: an e-mail address");
        }
        var recipients = (to ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (recipients.Length == 0 || recipients.Any(a => !MailAddress.TryCreate(a, out _)))
        {
            errors.Add("smtp.to: one or more e-mail addresses, separated by commas");
        }
        row.SmtpHost = host;
        row.SmtpPort = port;
        row.SmtpSecurity = security;
        row.SmtpUser = s?.User is { } user ? (user.Length == 0 ? null : user) : row.SmtpUser;
        row.MailFrom = from;
        row.MailTo = to;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$")]
    private static partial Regex NamePattern();
}
