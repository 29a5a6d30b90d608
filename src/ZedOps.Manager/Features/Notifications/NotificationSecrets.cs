using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;

namespace ZedOps.Manager.Features.Notifications;

/// <summary>A channel's secrets: a Discord webhook URL is itself a credential. Never returned, logged or audited.</summary>
public sealed record ChannelSecretValues(string? Url, string? SigningSecret, string? SmtpPassword);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ChannelSecretValues))]
internal sealed partial class ChannelSecretsJsonContext : JsonSerializerContext;

/// <summary>Data Protection with its own purpose, as for backup targets and server secrets.</summary>
public sealed class NotificationSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("ZedOps.NotificationSecrets.v1");

    public string Protect(ChannelSecretValues values) => _protector.Protect(JsonSerializer.Serialize(values, ChannelSecretsJsonContext.Default.ChannelSecretValues));

    public ChannelSecretValues Unprotect(string stored) =>
        JsonSerializer.Deserialize(_protector.Unprotect(stored), ChannelSecretsJsonContext.Default.ChannelSecretValues)!;
}
