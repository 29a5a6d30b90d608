using System.Security.Cryptography;

namespace ZedOps.Testing;

/// <summary>Agent build folders as scripts/publish-agent.sh lays them out (<c>{root}/linux-x64/</c>), for the manager's
/// <c>ZedOps:AgentBinariesPath</c>.</summary>
public static class AgentBuilds
{
    public const string Rid = "linux-x64";

    /// <summary>The native build made by the test script (scripts/publish-agent.sh); null when it was not built.</summary>
    public static string? Native => Path.Combine(Processes.RepoRoot(), "artifacts", "agent", Rid) is var dir && File.Exists(Path.Combine(dir, "zedops-agent"))
        && File.Exists(Path.Combine(dir, "SHA256SUMS")) ? dir : null;

    public static string NewRoot() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "zedops-builds-" + Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>A stand-in build whose "binary" is a shell script answering <c>--version</c> as the agent does.</summary>
    public static string WriteFake(string root, string version)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, Rid)).FullName;
        File.WriteAllText(Path.Combine(dir, "zedops-agent"), $"#!/bin/sh\necho \"zedops-agent {version} {Rid}\"\n");
        File.WriteAllBytes(Path.Combine(dir, "libe_sqlite3.so"), RandomNumberGenerator.GetBytes(4096));
        File.WriteAllText(Path.Combine(dir, "VERSION"), version + "\n");
        WriteSums(dir);
        return dir;
    }

    /// <summary>Copies a build; <paramref name="trailer"/> bytes appended to the binary make it a different build that
    /// still runs (an ELF loader ignores bytes past its segments).</summary>
    public static string Copy(string source, string root, byte[]? trailer = null)
    {
        var dir = Directory.CreateDirectory(Path.Combine(root, Rid)).FullName;
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)), overwrite: true);
        }
        if (trailer is not null)
        {
            using var binary = new FileStream(Path.Combine(dir, "zedops-agent"), FileMode.Append);
            binary.Write(trailer);
        }
        WriteSums(dir);
        return dir;
    }

    public static void WriteSums(string dir)
    {
        var lines = new[] { "zedops-agent", "libe_sqlite3.so", "appsettings.json" }
            .Where(f => File.Exists(Path.Combine(dir, f)))
            .Select(f => $"{Sha256(Path.Combine(dir, f))}  {f}\n");
        File.WriteAllText(Path.Combine(dir, "SHA256SUMS"), string.Concat(lines));
    }

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
