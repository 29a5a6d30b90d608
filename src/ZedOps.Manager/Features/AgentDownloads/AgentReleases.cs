using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ZedOps.Protocol.Agents;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.AgentDownloads;

/// <summary>One published agent build for a runtime: what <c>scripts/publish-agent.sh</c> leaves in
/// <c>{AgentBinariesPath}/{rid}/</c> — the binary, its companions, <c>SHA256SUMS</c> and <c>VERSION</c>.</summary>
public sealed record AgentRelease(string Rid, string Directory, string Version, string Sha256, string Manifest, IReadOnlyList<string> Files)
{
    public string PathOf(string file) => Path.Combine(Directory, file);
}

/// <summary>The agent builds this manager serves and offers as updates. Read from disk on each call (a few hundred
/// bytes), so a rebuilt agent is offered without restarting the manager.</summary>
public sealed partial class AgentReleases(IOptions<ManagerOptions> options)
{
    public const string BinaryName = "zedops-agent";
    public static readonly IReadOnlyList<string> Rids = ["linux-x64", "linux-arm64"];

    public string Root => Path.GetFullPath(options.Value.AgentBinariesPath is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, "agent"));

    public AgentRelease? Find(string rid)
    {
        if (!Rids.Contains(rid))
        {
            return null;
        }
        var dir = Path.Combine(Root, rid);
        var sumsPath = Path.Combine(dir, "SHA256SUMS");
        if (!File.Exists(sumsPath) || !File.Exists(Path.Combine(dir, BinaryName)))
        {
            return null;
        }
        var manifest = File.ReadAllText(sumsPath);
        var files = SumsLine().Matches(manifest).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["sha"].Value.ToLowerInvariant(), StringComparer.Ordinal);
        if (!files.TryGetValue(BinaryName, out var sha))
        {
            return null;
        }
        var versionPath = Path.Combine(dir, "VERSION");
        var version = File.Exists(versionPath) ? File.ReadAllText(versionPath).Trim() : "unknown";
        return new AgentRelease(rid, dir, version, sha, manifest, [.. files.Keys]);
    }

    public AgentUpdateInfo Describe(HostInfo? host)
    {
        if (host is null)
        {
            return new AgentUpdateInfo(UpdateStates.Unknown, null, null, null);
        }
        var release = Find(AgentReleases.RidFor(host.Architecture));
        var state = host.BuildSha256 is null ? UpdateStates.FromSource
            : release is null ? UpdateStates.NoBuild
            : release.Sha256 == host.BuildSha256 ? UpdateStates.Current
            : UpdateStates.Outdated;
        return new AgentUpdateInfo(state, host.BuildSha256, release?.Version, release?.Sha256);
    }

    /// <summary>The agent reports its architecture as .NET names it (x64, arm64).</summary>
    public static string RidFor(string? architecture) => $"linux-{architecture ?? "x64"}";

    [GeneratedRegex(@"^(?<sha>[0-9a-fA-F]{64}) [ *](?<name>[A-Za-z0-9._-]+)$", RegexOptions.Multiline)]
    private static partial Regex SumsLine();
}
