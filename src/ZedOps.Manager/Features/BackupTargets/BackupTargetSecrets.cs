using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;

namespace ZedOps.Manager.Features.BackupTargets;

/// <summary>A target's credentials. Never returned by the API, logged or audited: only whether each is set.</summary>
public sealed record TargetSecretValues(string? Password, string? PrivateKey, string? AccessKey, string? SecretKey);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(TargetSecretValues))]
internal sealed partial class TargetSecretsJsonContext : JsonSerializerContext;

/// <summary>Encrypts target credentials at rest the way server secrets and TOTP keys are (Data Protection, keys in the
/// manager's data dir), with its own purpose string so one kind of secret can never be unprotected as another.</summary>
public sealed class BackupTargetSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("ZedOps.BackupTargetSecrets.v1");

    public string Protect(TargetSecretValues values) => _protector.Protect(JsonSerializer.Serialize(values, TargetSecretsJsonContext.Default.TargetSecretValues));

    public TargetSecretValues Unprotect(string stored) =>
        JsonSerializer.Deserialize(_protector.Unprotect(stored), TargetSecretsJsonContext.Default.TargetSecretValues)!;
}
