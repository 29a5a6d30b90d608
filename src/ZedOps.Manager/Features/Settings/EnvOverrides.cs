using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Servers;

namespace ZedOps.Manager.Features.Settings;

/// <summary>Where an env variable that overwrites an ini key on boot is set from.</summary>
public enum EnvSource
{
    /// <summary>A typed setting of the server's configuration (MaxPlayers, PublicName, Mods, WorkshopItems): the
    /// settings editor writes it there too.</summary>
    Config,

    /// <summary>The server row itself (ports, passwords): changed only through the server's configuration, by an admin.</summary>
    Server,

    /// <summary>The admin's raw extra environment.</summary>
    Extra,
}

public sealed record EnvOverride(string Key, string Variable, string Value, EnvSource Source);

/// <summary>
/// The images ZedOps drives (Renegade-Master's and pz-sim, which copies it) patch these ini keys from env variables on
/// every boot (Renegade-Master <c>src/run_server.sh</c> + <c>edit_server_config.py</c>, mirrored by pz-sim's
/// <c>SimSettings.IniVariables</c>): an edit of such a key in the file alone is undone by the next start.
/// </summary>
public static class EnvOverrides
{
    private static readonly IReadOnlyList<(string Variable, string Key)> s_renegade =
    [
        ("SERVER_PUBLIC_NAME", "PublicName"), ("SERVER_PUBLIC_DESCRIPTION", "PublicDescription"), ("SERVER_PASSWORD", "Password"),
        ("PUBLIC_SERVER", "Public"), ("SERVER_OPEN", "Open"), ("RCON_PASSWORD", "RCONPassword"), ("RCON_PORT", "RCONPort"),
        ("DEFAULT_PORT", "DefaultPort"), ("UDP_PORT", "UDPPort"), ("MAX_PLAYERS", "MaxPlayers"), ("MOD_NAMES", "Mods"),
        ("MOD_WORKSHOP_IDS", "WorkshopItems"), ("MAP_NAMES", "Map"), ("PAUSE_ON_EMPTY", "PauseEmpty"),
        ("AUTOSAVE_INTERVAL", "SaveWorldEveryMinutes"), ("STEAM_VAC", "SteamVAC"),
    ];

    /// <summary>The ini variables of a profile; both profiles ZedOps knows use the Renegade-Master set.</summary>
    public static IReadOnlyList<(string Variable, string Key)> Variables(string profileId) =>
        ImageProfiles.Find(profileId) is null ? [] : s_renegade;

    /// <summary>Which ini keys the container's environment (as the next start builds it) overwrites, by key.</summary>
    public static IReadOnlyDictionary<string, EnvOverride> For(ServerEntity server, IReadOnlyDictionary<string, string> env)
    {
        var profile = ImageProfiles.Find(server.ProfileId);
        var config = ServerConfig.FromJson(server.ConfigJson);
        var result = new Dictionary<string, EnvOverride>(StringComparer.Ordinal);
        if (profile is null)
        {
            return result;
        }
        var typed = new HashSet<string?>([profile.Env.MaxPlayers, profile.Env.PublicName, profile.Env.Mods, profile.Env.WorkshopItems], StringComparer.Ordinal);
        foreach (var (variable, key) in Variables(server.ProfileId))
        {
            if (!env.TryGetValue(variable, out var value))
            {
                continue;
            }
            var source = typed.Contains(variable) ? EnvSource.Config
                : config.ExtraEnv?.ContainsKey(variable) == true && !IsServerField(profile, variable) ? EnvSource.Extra
                : EnvSource.Server;
            // The image takes comma-separated mod lists and writes semicolons.
            result[key] = new EnvOverride(key, variable, key is "Mods" or "WorkshopItems" ? value.Replace(',', ';') : value, source);
        }
        return result;
    }

    /// <summary>The configuration with a typed setting changed to its new ini value (empty = not set).</summary>
    public static ServerConfig WithValue(ServerConfig config, string key, string value) => key switch
    {
        "MaxPlayers" => config with { MaxPlayers = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
        "PublicName" => config with { PublicName = value.Length == 0 ? null : value },
        "Mods" => config with { Mods = value.Length == 0 ? null : value },
        "WorkshopItems" => config with { WorkshopItems = value.Length == 0 ? null : value },
        _ => config,
    };

    public static ServerConfig WithExtra(ServerConfig config, string variable, string value)
    {
        var extra = new Dictionary<string, string>(config.ExtraEnv ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [variable] = value };
        return config with { ExtraEnv = extra };
    }

    private static bool IsServerField(ImageProfile profile, string variable) =>
        variable == profile.Env.RconPassword || variable == profile.Env.RconPort || variable == profile.Env.GamePort
        || variable == profile.Env.UdpPort || variable == profile.Env.ServerPassword;
}
