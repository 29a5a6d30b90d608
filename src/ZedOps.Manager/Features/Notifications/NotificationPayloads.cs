using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ZedOps.Manager.Features.Notifications;

/// <summary>The bodies each kind of channel receives (pure, so tests can compare them with what a receiver got).</summary>
public static class NotificationPayloads
{
    public const string SignatureHeader = "X-ZedOps-Signature";
    public const string TimestampHeader = "X-ZedOps-Timestamp";
    public const string EventHeader = "X-ZedOps-Event";

    public static int ColorOf(string severity) => severity switch
    {
        NotificationSeverities.Error => 0xE74C3C,
        NotificationSeverities.Warning => 0xF1C40F,
        NotificationSeverities.Success => 0x2ECC71,
        _ => 0x3498DB,
    };

    /// <summary>Discord's execute-webhook body: one embed (title ≤ 256, description ≤ 4096 characters).</summary>
    public static string Discord(NotificationMessage m)
    {
        var fields = new JsonArray { Field("Event", NotificationEventTypes.Label(m.Event.Type)) };
        if ((m.ServerName ?? m.Event.ServerId?.ToString()) is { } server)
        {
            fields.Add(Field("Server", server));
        }
        if ((m.AgentName ?? m.Event.AgentId?.ToString()) is { } agent)
        {
            fields.Add(Field("Host", agent));
        }
        if (m.Count > 1)
        {
            fields.Add(Field("Times", m.Count.ToString(CultureInfo.InvariantCulture)));
        }
        var embed = new JsonObject
        {
            ["title"] = Cut(m.Title, 256),
            ["description"] = Cut(m.Text, 4096),
            ["color"] = ColorOf(m.Event.Severity),
            ["timestamp"] = m.Event.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["fields"] = fields,
            ["footer"] = new JsonObject { ["text"] = "ZedOps" },
        };
        return new JsonObject { ["username"] = "ZedOps", ["embeds"] = new JsonArray { embed } }.ToJsonString();
    }

    /// <summary>The generic webhook's body: the event's fields, flat, in camelCase.</summary>
    public static string Webhook(NotificationMessage m) => new JsonObject
    {
        ["type"] = m.Event.Type,
        ["title"] = m.Title,
        ["text"] = m.Text,
        ["severity"] = m.Event.Severity,
        ["at"] = m.Event.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        ["count"] = m.Count,
        ["serverId"] = m.Event.ServerId?.ToString(),
        ["serverName"] = m.ServerName,
        ["agentId"] = m.Event.AgentId?.ToString(),
        ["agentName"] = m.AgentName,
    }.ToJsonString();

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of the exact body bytes with the channel's secret.</summary>
    public static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string Subject(NotificationMessage m) => $"[ZedOps] {m.Title}";

    public static string EmailText(NotificationMessage m)
    {
        var text = new StringBuilder(m.Text).Append("\n\n");
        text.Append(CultureInfo.InvariantCulture, $"Event: {NotificationEventTypes.Label(m.Event.Type)} ({m.Event.Type})\n");
        if ((m.ServerName ?? m.Event.ServerId?.ToString()) is { } server)
        {
            text.Append(CultureInfo.InvariantCulture, $"Server: {server}\n");
        }
        if ((m.AgentName ?? m.Event.AgentId?.ToString()) is { } agent)
        {
            text.Append(CultureInfo.InvariantCulture, $"Host: {agent}\n");
        }
        return text.Append(CultureInfo.InvariantCulture, $"At: {m.Event.At.ToUniversalTime():u}\n").ToString();
    }

    private static JsonObject Field(string name, string value) => new() { ["name"] = name, ["value"] = Cut(value, 1024), ["inline"] = true };

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
