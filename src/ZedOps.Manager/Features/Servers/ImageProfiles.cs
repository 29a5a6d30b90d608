namespace ZedOps.Manager.Features.Servers;

/// <summary>How one image is driven: which env variables carry which setting, where data is mounted, how readiness
/// shows in the log and how long a stop may take. Adding an image = adding an entry to <see cref="ImageProfiles.All"/>.</summary>
public sealed record ImageProfile(
    string Id,
    string DisplayName,
    string Image,
    string DefaultTag,
    string Description,
    IReadOnlyList<ProfileMount> Mounts,
    ProfileEnv Env,
    string? ReadinessPattern,
    int DefaultStopTimeoutSeconds,
    IReadOnlyDictionary<string, string> FixedEnv,
    string? DataOwner = null);

/// <summary>A data mount: <see cref="SubPath"/> under the server's data directory ("" = the directory itself).</summary>
public sealed record ProfileMount(string SubPath, string ContainerPath);

/// <summary>Env variable names for each setting; null when the image has no such setting.</summary>
public sealed record ProfileEnv(
    string ServerName,
    string AdminPassword,
    string RconPassword,
    string RconPort,
    string GamePort,
    string UdpPort,
    string? MaxPlayers,
    string? Mods,
    string? WorkshopItems,
    string? PublicName,
    string? ServerPassword,
    string? MaxRam);

public static class ImageProfiles
{
    /// <summary>Where both images keep PZ's cache dir (<c>-cachedir</c>): config, databases and saves.</summary>
    public const string GameCacheDir = "/home/steam/Zomboid";

    private static readonly ProfileEnv s_renegadeEnv = new(
        ServerName: "SERVER_NAME", AdminPassword: "ADMIN_PASSWORD", RconPassword: "RCON_PASSWORD", RconPort: "RCON_PORT",
        GamePort: "DEFAULT_PORT", UdpPort: "UDP_PORT", MaxPlayers: "MAX_PLAYERS", Mods: "MOD_NAMES", WorkshopItems: "MOD_WORKSHOP_IDS",
        PublicName: "SERVER_PUBLIC_NAME", ServerPassword: "SERVER_PASSWORD", MaxRam: "MAX_RAM");

    public static readonly IReadOnlyList<ImageProfile> All =
    [
        new("pz-sim", "pz-sim (simulated PZ server)", "zedops/pz-sim", "latest",
            "A small simulated Project Zomboid server for demos and tests: same env, ports, files, log lines and RCON as the real one.",
            [new ProfileMount("", GameCacheDir)], s_renegadeEnv, "*** SERVER STARTED ***", 120,
            new Dictionary<string, string> { ["SIM_BOOT_DELAY_SECONDS"] = "3" }),
        new("renegade-pz", "Project Zomboid (Renegade-Master image)", "renegademaster/zomboid-dedicated-server", "latest",
            "The public dedicated-server image (steamcmd install on first boot, several GB; needs the internet).",
            [new ProfileMount("Zomboid", GameCacheDir), new ProfileMount("install", "/home/steam/ZomboidDedicatedServer")],
            s_renegadeEnv, "*** SERVER STARTED ***", 300,
            new Dictionary<string, string>(), DataOwner: "1000:1000"),
    ];

    public static ImageProfile? Find(string? id) => All.FirstOrDefault(p => p.Id == id);
}
