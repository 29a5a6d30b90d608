using ZedOps.Manager.Data.Entities;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Servers;

/// <summary>Turns a catalogue row + its profile into the profile-agnostic spec the agent executes.</summary>
public sealed class ServerSpecs(ServerSecretsProtector secrets)
{
    public const string ContainerPrefix = "zedops-";

    public ServerSpec Build(ServerEntity server)
    {
        var profile = ImageProfiles.Find(server.ProfileId) ?? throw new InvalidOperationException($"unknown profile '{server.ProfileId}'");
        var config = ServerConfig.FromJson(server.ConfigJson);
        var secret = secrets.Unprotect(server.ProtectedSecrets);
        var env = new Dictionary<string, string>(config.ExtraEnv ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        // The profile's fixed variables are defaults: an admin's raw environment may override them (e.g. a shorter
        // simulated boot), never the typed settings below.
        foreach (var (key, value) in profile.FixedEnv)
        {
            env.TryAdd(key, value);
        }
        var e = profile.Env;
        env[e.ServerName] = WorldName(server);
        env[e.AdminPassword] = secret.AdminPassword;
        env[e.RconPassword] = secret.RconPassword;
        env[e.RconPort] = Invariant(server.RconPort);
        env[e.GamePort] = Invariant(server.GamePort);
        env[e.UdpPort] = Invariant(server.UdpPort);
        Set(env, e.MaxPlayers, Invariant(config.MaxPlayers));
        Set(env, e.Mods, config.Mods);
        Set(env, e.WorkshopItems, config.WorkshopItems);
        Set(env, e.PublicName, config.PublicName ?? server.Name);
        Set(env, e.ServerPassword, secret.ServerPassword);
        Set(env, e.MaxRam, config.MaxRam);
        var mounts = profile.Mounts.Select(m => new ServerMount(HostPath(server, m), m.ContainerPath)).ToList();
        // Same numbers inside and out: PZ advertises its own port to Steam and clients. RCON only on loopback.
        List<ServerPort> ports =
        [
            new(server.GamePort, server.GamePort, "udp", null),
            new(server.UdpPort, server.UdpPort, "udp", null),
            new(server.RconPort, server.RconPort, "tcp", "127.0.0.1"),
        ];
        return new ServerSpec(server.Id, server.Name, $"{server.Image}:{server.Tag}", env, mounts, ports, profile.ReadinessPattern,
            new RconEndpoint(server.RconPort, secret.RconPassword), server.StopTimeoutSeconds, profile.DataOwner, CrashPolicy(config));
    }

    /// <summary>The host directory the game sees as its cache dir (<see cref="ImageProfiles.GameCacheDir"/>: <c>Server/</c>,
    /// <c>db/</c>, <c>Saves/</c>): the server's data directory itself for pz-sim, its <c>Zomboid/</c> subdirectory for the
    /// Renegade image, whose data directory also holds the game install. Backups cover this directory only.</summary>
    public static string GameDataPath(ServerEntity server) =>
        ImageProfiles.Find(server.ProfileId)?.Mounts.FirstOrDefault(m => m.ContainerPath == ImageProfiles.GameCacheDir) is { } mount
            ? HostPath(server, mount)
            : server.DataPath;

    private static string HostPath(ServerEntity server, ProfileMount mount) =>
        mount.SubPath.Length == 0 ? server.DataPath : Path.Combine(server.DataPath, mount.SubPath);

    /// <summary>PZ's server name (its -servername): it names the world's files (<c>Server/&lt;name&gt;.ini</c>, <c>Saves/Multiplayer/&lt;name&gt;</c>).</summary>
    public string WorldName(ServerEntity server) => ServerConfig.FromJson(server.ConfigJson).WorldName ?? server.Name;

    public RconEndpoint Rcon(ServerEntity server) => new(server.RconPort, secrets.Unprotect(server.ProtectedSecrets).RconPassword);

    public ServerSecrets Secrets(ServerEntity server) => secrets.Unprotect(server.ProtectedSecrets);

    /// <summary>Null when the secrets cannot be decrypted (e.g. the Data Protection keys in the data dir were lost).</summary>
    public ServerSecrets? TrySecrets(ServerEntity server)
    {
        try
        {
            return secrets.Unprotect(server.ProtectedSecrets);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    public static string ContainerName(string serverName) => ContainerPrefix + serverName;

    public static CrashPolicy CrashPolicy(ServerConfig config) => (config.CrashRestart ?? CrashRestartSettings.Default).ToPolicy();

    private static void Set(Dictionary<string, string> env, string? key, string? value)
    {
        if (key is not null && !string.IsNullOrEmpty(value))
        {
            env[key] = value;
        }
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
