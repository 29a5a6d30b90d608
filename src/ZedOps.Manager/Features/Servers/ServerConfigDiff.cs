using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Containers;
using ZedOps.Manager.Features.Rcon;

namespace ZedOps.Manager.Features.Servers;

/// <summary>What a config edit changed, for the audit log: "maxPlayers: 16 → 20; env DISCORD_TOKEN: *** → ***". Values of
/// secret-looking names are masked the way console and RCON audit lines are (<see cref="ConsoleRedaction.IsSecretName"/>).</summary>
public static class ServerConfigDiff
{
    private const int MaxLength = 4000; // AuditEvent.Details column

    public static string? Describe(ServerConfig oldConfig, ServerEntity after, ServerConfig newConfig,
        (string Tag, int Game, int Udp, int Rcon, int StopTimeout) old)
    {
        var changes = new List<string>();
        void Add(string name, object? a, object? b, bool secret = false)
        {
            if (!Equals(a, b))
            {
                changes.Add($"{name}: {Show(a, secret)} → {Show(b, secret)}");
            }
        }
        Add("tag", old.Tag, after.Tag);
        Add("gamePort", old.Game, after.GamePort);
        Add("udpPort", old.Udp, after.UdpPort);
        Add("rconPort", old.Rcon, after.RconPort);
        Add("stopTimeoutSeconds", old.StopTimeout, after.StopTimeoutSeconds);
        Add("maxPlayers", oldConfig.MaxPlayers, newConfig.MaxPlayers);
        Add("publicName", oldConfig.PublicName, newConfig.PublicName);
        Add("mods", oldConfig.Mods, newConfig.Mods);
        Add("workshopItems", oldConfig.WorkshopItems, newConfig.WorkshopItems);
        Add("maxRam", oldConfig.MaxRam, newConfig.MaxRam);
        Add("worldName", oldConfig.WorldName, newConfig.WorldName);
        Add("crashRestart", Describe(oldConfig.CrashRestart), Describe(newConfig.CrashRestart));
        var (oldEnv, newEnv) = (oldConfig.ExtraEnv ?? new Dictionary<string, string>(), newConfig.ExtraEnv ?? new Dictionary<string, string>());
        foreach (var name in oldEnv.Keys.Union(newEnv.Keys).Order(StringComparer.Ordinal))
        {
            Add($"env {name}", oldEnv.GetValueOrDefault(name), newEnv.GetValueOrDefault(name), ConsoleRedaction.IsSecretName(name));
        }
        var text = string.Join("; ", changes);
        return text.Length == 0 ? null : text.Length > MaxLength ? text[..(MaxLength - 1)] + "…" : text;
    }

    private static string Describe(CrashRestartSettings? settings) => (settings ?? CrashRestartSettings.Default) is var c && c.Enabled
        ? $"on, {c.MaxCrashes} crashes in {c.WindowMinutes} min, backoff {string.Join("/", c.BackoffSeconds)} s"
        : "off";

    private static string Show(object? value, bool secret) =>
        value is null ? "(unset)" : secret ? RconRedaction.Mask : value is string s ? $"\"{(s.Length > 200 ? s[..200] + "…" : s)}\"" : value.ToString()!;
}
