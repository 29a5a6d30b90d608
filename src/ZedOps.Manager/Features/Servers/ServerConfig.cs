using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;

namespace ZedOps.Manager.Features.Servers;

/// <summary>The editable, non-secret settings of a server (stored as JSON in the catalogue).</summary>
public sealed record ServerConfig
{
    public int MaxPlayers { get; init; } = 16;
    public string? PublicName { get; init; }
    public string? Mods { get; init; }
    public string? WorkshopItems { get; init; }
    public string? MaxRam { get; init; }

    /// <summary>The game's own server name (ini, save folder), when it differs from the catalogue name: an adopted
    /// server keeps its world. Null = the catalogue name.</summary>
    public string? WorldName { get; init; }

    /// <summary>Extra env variables passed as they are (advanced, admin-only; profile variables win). Null in an edit keeps the stored ones.</summary>
    public IReadOnlyDictionary<string, string>? ExtraEnv { get; init; }

    /// <summary>Crash handling; null (older rows, an edit that omits it) means the stored or the default settings.</summary>
    public CrashRestartSettings? CrashRestart { get; init; }

    /// <summary>The Workshop mod update watch (ZedOps-side, no restart needed to change it). Null = defaults; an edit
    /// without it keeps the stored one.</summary>
    public Mods.ModUpdatePolicy? ModUpdates { get; init; }

    /// <summary>Which mod ids each Workshop item provides, as entered in the mod list editor (the ini cannot say).
    /// Null in an edit keeps the stored links.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? ModLinks { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, ServerJsonContext.Default.ServerConfig);

    public static ServerConfig FromJson(string json) => JsonSerializer.Deserialize(json, ServerJsonContext.Default.ServerConfig) ?? new ServerConfig();
}

/// <summary>Game-server secrets; only ever stored encrypted (<see cref="ServerSecretsProtector"/>).</summary>
public sealed record ServerSecrets(string AdminPassword, string RconPassword, string? ServerPassword);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ServerConfig))]
[JsonSerializable(typeof(CrashRestartSettings))]
[JsonSerializable(typeof(ServerSecrets))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;

/// <summary>Encrypts server secrets at rest with Data Protection (keys in the data dir).</summary>
public sealed class ServerSecretsProtector(Microsoft.AspNetCore.DataProtection.IDataProtectionProvider provider)
{
    private readonly Microsoft.AspNetCore.DataProtection.IDataProtector _protector = provider.CreateProtector("ZedOps.ServerSecrets.v1");

    public string Protect(ServerSecrets secrets) => _protector.Protect(JsonSerializer.Serialize(secrets, ServerJsonContext.Default.ServerSecrets));

    /// <summary>Throws <see cref="System.Security.Cryptography.CryptographicException"/> when the keys cannot decrypt it.</summary>
    public ServerSecrets Unprotect(string protectedSecrets)
    {
        try
        {
            return JsonSerializer.Deserialize(_protector.Unprotect(protectedSecrets), ServerJsonContext.Default.ServerSecrets)!;
        }
        catch (FormatException ex)
        {
            throw new System.Security.Cryptography.CryptographicException("The server's stored secrets are not readable.", ex);
        }
    }
}
