using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ZedOps.Agent.Update;

/// <summary>What this agent binary is: its version, where it lives and its SHA-256 (only for the native binary,
/// the one thing self-update can replace; an agent run from source with dotnet reports no hash).</summary>
internal static class AgentBuild
{
    public const string BinaryName = "zedops-agent";

    public static readonly string Version =
        typeof(AgentBuild).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(AgentBuild).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    /// <summary>NativeAOT has no JIT: this is the published single binary, not <c>dotnet ZedOps.Agent.dll</c>.</summary>
    public static bool IsNative => !RuntimeFeature.IsDynamicCodeSupported;

    public static string? ExecutablePath => IsNative ? Environment.ProcessPath : null;

    /// <summary>linux-x64 or linux-arm64: the folder of the manager's <c>/agent/{rid}</c> downloads.</summary>
    public static string Rid => "linux-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    private static readonly Lazy<string?> s_sha256 = new(() => ExecutablePath is { } path ? HashFile(path) : null);

    public static string? Sha256 => s_sha256.Value;

    public static string HashFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
