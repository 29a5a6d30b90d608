using System.Globalization;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Servers;

/// <summary>What a container found on a host would become in the catalogue. Ports follow the published bindings (the
/// same numbers are then used inside and out, as ZedOps does); passwords and settings come from its env.</summary>
public sealed record AdoptionPlan(
    string ProfileId, string Name, string Image, string Tag, int? GamePort, int UdpPort, int RconPort,
    string? DataSource, string DataContainerPath, string? AdminPassword, string? RconPassword, string? ServerPassword, ServerConfig Config);

public static class AdoptionInference
{
    /// <summary>PZ's own default for -servername (pz-sim's too): the world of a container without SERVER_NAME.</summary>
    public const string DefaultWorldName = "servertest";

    private static readonly HashSet<string> s_hostEnv = new(StringComparer.Ordinal) { "PATH", "HOME", "HOSTNAME", "TERM" };

    /// <summary>Null when <paramref name="profileId"/> names no profile.</summary>
    public static AdoptionPlan? Infer(AdoptableContainer c, string? profileId, string? name)
    {
        var profile = ImageProfiles.Find(profileId ?? InferProfile(c.Image));
        if (profile is null)
        {
            return null;
        }
        var e = profile.Env;
        var udpPorts = c.Ports.Where(p => p.Protocol == "udp" && p.HostPort is not null).Select(p => p.HostPort!.Value).Order().ToList();
        int? game = udpPorts.Count > 0 ? udpPorts[0] : Int(c.Env, e.GamePort);
        var udp = game is { } g && !udpPorts.Contains(g + 1) && Int(c.Env, e.UdpPort) is { } fromEnv ? fromEnv : (game ?? 0) + 1;
        var rconInside = Int(c.Env, e.RconPort) ?? PortAllocator.FirstRconPort;
        var rcon = c.Ports.FirstOrDefault(p => p.Protocol == "tcp" && p.ContainerPort == rconInside && p.HostPort is not null)?.HostPort ?? rconInside;
        var dataMount = profile.Mounts[0].ContainerPath;
        var known = new[] { e.ServerName, e.AdminPassword, e.RconPassword, e.RconPort, e.GamePort, e.UdpPort, e.MaxPlayers, e.Mods, e.WorkshopItems, e.PublicName, e.ServerPassword, e.MaxRam };
        var chosen = string.IsNullOrWhiteSpace(name) ? SuggestName(c.Name, Get(c.Env, e.ServerName)) : name.Trim();
        var world = Get(c.Env, e.ServerName) ?? DefaultWorldName;
        var config = new ServerConfig
        {
            WorldName = world == chosen ? null : world,
            MaxPlayers = Math.Clamp(Int(c.Env, e.MaxPlayers) ?? new ServerConfig().MaxPlayers, 1, 100),
            PublicName = Get(c.Env, e.PublicName),
            Mods = Get(c.Env, e.Mods),
            WorkshopItems = Get(c.Env, e.WorkshopItems),
            MaxRam = Get(c.Env, e.MaxRam),
            ExtraEnv = c.Env.Where(kv => !known.Contains(kv.Key) && !s_hostEnv.Contains(kv.Key) && !profile.FixedEnv.ContainsKey(kv.Key)
                    && ServerEnvRules.Allowed(kv.Key, kv.Value))
                .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
        };
        var (image, tag) = SplitImage(c.Image, profile.DefaultTag);
        return new AdoptionPlan(profile.Id, chosen,
            image, tag, game, udp, rcon,
            c.Mounts.FirstOrDefault(m => m.ContainerPath.TrimEnd('/') == dataMount)?.HostPath, dataMount,
            Get(c.Env, e.AdminPassword), Get(c.Env, e.RconPassword), Get(c.Env, e.ServerPassword), config);
    }

    public static string InferProfile(string image) =>
        image.Contains("pz-sim", StringComparison.OrdinalIgnoreCase) ? "pz-sim" : "renegade-pz";

    /// <summary>Its SERVER_NAME (so the catalogue and world names agree) or else the container's name, made to fit the rule.</summary>
    public static string SuggestName(string containerName, string? serverName)
    {
        foreach (var candidate in new[] { serverName ?? "", containerName })
        {
            var chars = candidate.ToLowerInvariant().Select(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') ? ch : '-').ToArray();
            var cleaned = new string(chars).TrimStart('-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9').TrimEnd('-');
            cleaned = cleaned.Length > 32 ? cleaned[..32].TrimEnd('-') : cleaned;
            if (AgentNames.IsValid(cleaned))
            {
                return cleaned;
            }
        }
        return "pz-adopted";
    }

    /// <summary>"repo/name:tag" → ("repo/name", "tag"); a digest or no tag → the profile's default tag.</summary>
    public static (string Image, string Tag) SplitImage(string image, string defaultTag)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return (image[..at], defaultTag);
        }
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, defaultTag);
    }

    private static string? Get(IReadOnlyDictionary<string, string> env, string? key) =>
        key is not null && env.TryGetValue(key, out var v) && v.Length > 0 ? v : null;

    private static int? Int(IReadOnlyDictionary<string, string> env, string? key) =>
        int.TryParse(Get(env, key), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
