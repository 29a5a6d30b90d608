using System.Collections;
using System.Globalization;
using ZedOps.PzSim.Players;

namespace ZedOps.PzSim;

/// <summary>
/// Settings from environment variables, named like the Renegade-Master PZ image so a panel drives the
/// simulator exactly as it would drive the real container. Unset ini variables leave the ini untouched.
/// </summary>
internal sealed record SimSettings
{
    public const string DefaultDataDir = "/home/steam/Zomboid";

    /// <summary>Environment variable → ini key; applied to Server/&lt;name&gt;.ini on every boot, as the image does.</summary>
    public static readonly IReadOnlyList<(string Env, string Key)> IniVariables =
    [
        ("SERVER_PUBLIC_NAME", "PublicName"),
        ("SERVER_PUBLIC_DESCRIPTION", "PublicDescription"),
        ("SERVER_PASSWORD", "Password"),
        ("PUBLIC_SERVER", "Public"),
        ("SERVER_OPEN", "Open"),
        ("RCON_PASSWORD", "RCONPassword"),
        ("RCON_PORT", "RCONPort"),
        ("DEFAULT_PORT", "DefaultPort"),
        ("UDP_PORT", "UDPPort"),
        ("MAX_PLAYERS", "MaxPlayers"),
        ("MOD_NAMES", "Mods"),
        ("MOD_WORKSHOP_IDS", "WorkshopItems"),
        ("MAP_NAMES", "Map"),
        ("PAUSE_ON_EMPTY", "PauseEmpty"),
        ("AUTOSAVE_INTERVAL", "SaveWorldEveryMinutes"),
        ("STEAM_VAC", "SteamVAC"),
    ];

    private static readonly HashSet<string> s_numericKeys = ["RCONPort", "DefaultPort", "UDPPort", "MaxPlayers", "SaveWorldEveryMinutes"];

    public string ServerName { get; init; } = "servertest";
    public string DataDir { get; init; } = DefaultDataDir;
    public string AdminUsername { get; init; } = "admin";
    public string AdminPassword { get; init; } = "";
    public string MaxRam { get; init; } = "4096m";
    public string GameVersion { get; init; } = "public";
    public string BindIp { get; init; } = "0.0.0.0";
    public IReadOnlyDictionary<string, string> IniOverrides { get; init; } = new Dictionary<string, string>();
    public TimeSpan BootDelay { get; init; } = TimeSpan.FromSeconds(3);
    public TimeSpan SaveDuration { get; init; } = TimeSpan.Zero;

    /// <summary>How long after <c>*** SERVER STARTED ****</c> RCON starts listening (real: tens of ms on B42, longer on B41).</summary>
    public TimeSpan RconDelay { get; init; } = TimeSpan.FromSeconds(0.5);
    public IReadOnlyList<ScheduledPlayer> Players { get; init; } = [];
    /// <summary>What <c>checkModsNeedUpdate</c> finds (<c>SIM_MODS_NEED_UPDATE=true|false|incomplete</c>); a running
    /// server re-reads <see cref="ModsFlagFile"/> first, so a test can outdate the mods without a restart.</summary>
    public ModsAnswer ModsAnswer { get; init; }

    /// <summary>After the server's first start has been killed by <c>SIM_FIRST_RUN_TIMEOUT_SECONDS</c>, the real
    /// (second) start; zero: no throwaway first run.</summary>
    public TimeSpan FirstRunTimeout { get; init; }

    /// <summary>A file in the data dir whose content (true, false, incomplete) overrides <see cref="ModsAnswer"/>.</summary>
    public string ModsFlagFile => Path.Combine(DataDir, "pz-sim-mods-need-update");

    /// <summary>The test hook's flag file (<see cref="CrashHook"/>).</summary>
    public string CrashFlagFile => Path.Combine(DataDir, CrashHook.FileName);
    public bool RconUtf8Bug { get; init; }
    public string BuildVersion { get; init; } = "41.78.16";

    /// <summary>Which real build to behave like (<c>PZ_BUILD=41|42</c>): texts, orders and SIGTERM behaviour differ.</summary>
    public PzBuild Build { get; init; } = PzBuild.B41;

    public bool IsB42 => Build == PzBuild.B42;

    /// <summary>Write decimals as a host with a comma locale does (<c>SIM_DECIMAL_COMMA=true</c>: <c>MinutesPerPage=1,0</c>).</summary>
    public bool DecimalComma { get; init; }

    public World.IniStyle IniStyle => new(DecimalComma, IsB42);

    public static SimSettings FromEnvironment() => Parse(ToDictionary(Environment.GetEnvironmentVariables()), out var errors) is { } s
        ? s
        : throw new ArgumentException("Invalid pz-sim settings:\n  " + string.Join("\n  ", errors));

    public static SimSettings? Parse(IReadOnlyDictionary<string, string> env, out List<string> errors)
    {
        var problems = new List<string>();
        string Get(string name, string fallback) => env.TryGetValue(name, out var v) && v.Length > 0 ? v : fallback;
        TimeSpan Seconds(string name, double fallback)
        {
            var raw = Get(name, fallback.ToString(CultureInfo.InvariantCulture));
            if (double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0)
            {
                return TimeSpan.FromSeconds(s);
            }
            problems.Add($"{name}: '{raw}' is not a non-negative number of seconds");
            return TimeSpan.Zero;
        }

        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (variable, key) in IniVariables)
        {
            if (!env.TryGetValue(variable, out var value))
            {
                continue;
            }
            if (s_numericKeys.Contains(key) && !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                problems.Add($"{variable}: '{value}' is not a non-negative integer");
                continue;
            }
            // The image accepts comma-separated mod lists; the ini wants semicolons.
            overrides[key] = key is "Mods" or "WorkshopItems" ? value.Replace(',', ';') : value;
        }

        var schedule = PlayerSchedule.Parse(Get("SIM_PLAYERS", ""), problems);
        var name = Get("SERVER_NAME", "servertest");
        if (name.IndexOfAny(['/', '\\', '\0']) >= 0 || name is "." or "..")
        {
            problems.Add($"SERVER_NAME: '{name}' cannot be used as a file name");
        }

        var bindIp = Get("BIND_IP", "0.0.0.0");
        if (!System.Net.IPAddress.TryParse(bindIp, out _))
        {
            problems.Add($"BIND_IP: '{bindIp}' is not an IP address");
        }

        var build = Get("PZ_BUILD", "41") switch
        {
            "41" => PzBuild.B41,
            "42" => PzBuild.B42,
            var other => Invalid(other),
        };
        PzBuild Invalid(string raw)
        {
            problems.Add($"PZ_BUILD: '{raw}' is not 41 or 42");
            return PzBuild.B41;
        }

        ModsAnswer InvalidMods()
        {
            problems.Add($"SIM_MODS_NEED_UPDATE: '{Get("SIM_MODS_NEED_UPDATE", "")}' is not true, false or incomplete");
            return ModsAnswer.Updated;
        }

        var settings = new SimSettings
        {
            ServerName = name,
            DataDir = Get("ZOMBOID_DATA_DIR", DefaultDataDir),
            AdminUsername = Get("ADMIN_USERNAME", "admin"),
            AdminPassword = Get("ADMIN_PASSWORD", ""),
            MaxRam = Get("MAX_RAM", "4096m"),
            GameVersion = Get("GAME_VERSION", "public"),
            BindIp = bindIp,
            IniOverrides = overrides,
            BootDelay = Seconds("SIM_BOOT_DELAY_SECONDS", 3),
            SaveDuration = Seconds("SIM_SAVE_SECONDS", 0),
            RconDelay = Seconds("SIM_RCON_DELAY_SECONDS", build == PzBuild.B42 ? 0.03 : 0.5),
            Players = schedule,
            ModsAnswer = ParseModsAnswer(Get("SIM_MODS_NEED_UPDATE", "false")) ?? InvalidMods(),
            FirstRunTimeout = Seconds("SIM_FIRST_RUN_TIMEOUT_SECONDS", 0),
            RconUtf8Bug = IsTrue(Get("SIM_RCON_UTF8_BUG", "false")),
            DecimalComma = IsTrue(Get("SIM_DECIMAL_COMMA", "false")),
            Build = build,
            BuildVersion = Get("SIM_BUILD_VERSION", build == PzBuild.B42 ? "42.20.4" : "41.78.16"),
        };
        errors = problems;
        return problems.Count == 0 ? settings : null;
    }

    public static ModsAnswer? ParseModsAnswer(string value) => value.Trim().ToLowerInvariant() switch
    {
        "1" or "true" => ModsAnswer.NeedUpdate,
        "0" or "false" => ModsAnswer.Updated,
        "incomplete" => ModsAnswer.NotCompleted,
        _ => null,
    };

    private static bool IsTrue(string value) => value is "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, string> ToDictionary(IDictionary variables)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in variables)
        {
            result[(string)entry.Key] = entry.Value as string ?? "";
        }
        return result;
    }
}

/// <summary>The three answers the real workshop check writes to the log.</summary>
internal enum ModsAnswer
{
    Updated,
    NeedUpdate,
    NotCompleted,
}

/// <summary>The real server build pz-sim imitates.</summary>
internal enum PzBuild
{
    B41 = 41,
    B42 = 42,
}
