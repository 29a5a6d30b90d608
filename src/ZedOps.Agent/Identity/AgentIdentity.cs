using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZedOps.Agent.Identity;

/// <summary>What the agent keeps after registering: who it is, its bearer token for the manager and the manager's
/// public signing key (SubjectPublicKeyInfo, base64), pinned at registration, that self-updates must be signed with.</summary>
public sealed record AgentIdentity(Guid AgentId, string AgentName, string ManagerUrl, string AgentToken, string? ManagerSigningKey = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(AgentIdentity))]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(RegisterResponse))]
[JsonSerializable(typeof(ProblemResponse))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;

internal sealed record RegisterRequest(string Token, string Name);

internal sealed record RegisterResponse(Guid AgentId, string AgentName, string AgentToken, string? SigningKey);

internal sealed record ProblemResponse(string? Title, string? Detail, int? Status);

/// <summary>The identity file in the state directory, readable by its owner only (0600).</summary>
internal sealed class AgentIdentityStore(string stateDir)
{
    public const string FileName = "agent.json";

    public string FilePath { get; } = Path.Combine(stateDir, FileName);

    public AgentIdentity? Load()
    {
        if (!File.Exists(FilePath))
        {
            return null;
        }
        var identity = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), AgentJsonContext.Default.AgentIdentity);
        return identity is { AgentToken.Length: > 0 } ? identity : throw new InvalidDataException($"{FilePath} holds no agent token");
    }

    public void Save(AgentIdentity identity)
    {
        Directory.CreateDirectory(stateDir);
        var temp = FilePath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(stream, identity, AgentJsonContext.Default.AgentIdentity);
            stream.Flush(flushToDisk: true);
        }
        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode only applies to a new file; an old temp file keeps its mode unless set here.
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        File.Move(temp, FilePath, overwrite: true);
    }

    /// <summary>An identity saved before signing keys existed pins the key its manager names in the hello over the
    /// token-authenticated link (trust on first use); a pinned key is never replaced.</summary>
    public bool PinKeyIfMissing(string? key)
    {
        if (string.IsNullOrEmpty(key) || Load() is not { ManagerSigningKey: null } identity)
        {
            return false;
        }
        Save(identity with { ManagerSigningKey = key });
        return true;
    }
}
