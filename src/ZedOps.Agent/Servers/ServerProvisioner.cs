using ZedOps.Agent.Docker;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;
using static ZedOps.Agent.Containers.ContainerCommands;

namespace ZedOps.Agent.Servers;

/// <summary>The building blocks of create, start-after-loss and rebuild: checked mounts, free ports, data
/// directories, the image (pulled only when absent), the labelled container and its start with a readiness watch.</summary>
internal sealed class ServerProvisioner(IContainerRuntime runtime, PathGuard paths, PortScanner ports, ReadinessWatcher readiness)
{
    public static string ContainerName(string serverName) => $"zedops-{serverName}";

    public static string CheckName(string name) => AgentNames.IsValid(name)
        ? name
        : throw new WireRequestException(ErrorCodes.BadRequest, $"server name '{name}' is invalid: {AgentNames.Rule}");

    /// <summary>The spec's mounts with their host paths checked and resolved.</summary>
    public IReadOnlyList<ServerMount> CheckSpec(ServerSpec spec) =>
        spec.Mounts.Select(m => m with { HostPath = paths.Validate(m.HostPath) }).ToList();

    public string CheckDataPath(string? path) => paths.Validate(path);

    public async Task CheckPortsFreeAsync(ServerSpec spec, CancellationToken ct)
    {
        var held = await ports.CheckAsync(spec.Ports.Select(p => new PortQuery(p.HostPort, p.Protocol)).ToList(), ct);
        if (held.InUse.Count > 0)
        {
            var list = string.Join(", ", held.InUse.Select(u => $"{u.Port}/{u.Protocol} (held by {u.HeldBy})"));
            throw new WireRequestException(ErrorCodes.PortInUse, $"ports in use: {list}");
        }
    }

    /// <summary>Creates missing data directories; new ones are handed to <paramref name="owner"/> ("uid:gid") when the
    /// image's server does not run as root. Existing data keeps its owner.</summary>
    public Task CreateDataAsync(IReadOnlyList<ServerMount> mounts, string? owner, ActionSteps steps, CancellationToken ct) =>
        steps.RunAsync(ServerSteps.CreateData, $"data directories: {string.Join(", ", mounts.Select(m => m.HostPath))}", () =>
        {
            foreach (var mount in mounts.Where(m => !Directory.Exists(m.HostPath)))
            {
                Directory.CreateDirectory(mount.HostPath);
                DataOwnership.Apply(mount.HostPath, owner);
            }
            return Task.CompletedTask;
        }, ct);

    /// <summary>Pulls only when the image is not present: a local image (as pz-sim always is) is used as it is.</summary>
    public async Task EnsureImageAsync(string image, ActionSteps steps, CancellationToken ct)
    {
        if (await Run(() => runtime.InspectImageAsync(image, ct)) is not null)
        {
            return;
        }
        var progress = new Progress(line => steps.Report(ServerSteps.Pull, line));
        await steps.RunAsync(ServerSteps.Pull, $"pulling image {image}", () => Run(async () =>
        {
            await runtime.PullImageAsync(image, progress, ct);
            return true;
        }), ct);
    }

    public Task CreateContainerAsync(ServerSpec spec, IReadOnlyList<ServerMount> mounts, ActionSteps steps, CancellationToken ct)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ContainerLabels.Managed] = "true",
            [ContainerLabels.ServerId] = spec.ServerId.ToString(),
            [ContainerLabels.ServerName] = spec.Name,
        };
        if (spec.ReadinessPattern is { Length: > 0 } pattern)
        {
            labels[ContainerLabels.Readiness] = pattern;
        }
        var create = new ContainerCreateSpec(ContainerName(spec.Name), spec.Image, spec.Env, labels, mounts, PortsOf(spec),
            TimeSpan.FromSeconds(Math.Max(spec.StopTimeoutSeconds, 1)));
        return steps.RunAsync(ServerSteps.CreateContainer, $"creating container {create.Name} from {spec.Image}",
            () => Run(() => runtime.CreateAsync(create, ct)), ct);
    }

    /// <summary>Starts the container and, when the spec has a readiness pattern, watches this run's log for it.</summary>
    public async Task StartAsync(GameServer server, ServerSpec spec, ActionSteps steps, CancellationToken ct)
    {
        var name = ContainerName(spec.Name);
        await steps.RunAsync(ServerSteps.Start, $"starting {name}", () => Run(async () =>
        {
            await runtime.StartAsync(name, ct);
            return true;
        }), ct);
        if (spec.ReadinessPattern is { Length: > 0 } pattern && await Run(() => runtime.InspectAsync(name, ct)) is { StartedAt: { } startedAt })
        {
            readiness.Watch(server.Id, spec.Name, pattern, startedAt, spec.Rcon);
        }
    }

    public void EndReadiness(Guid serverId) => readiness.End(serverId);

    /// <summary>RCON is never published beyond loopback (plain-text password), whatever the request says.</summary>
    private static List<ServerPort> PortsOf(ServerSpec spec) => spec.Ports
        .Select(p => spec.Rcon is { } rcon && p.HostPort == rcon.Port && p.Protocol.Equals("tcp", StringComparison.OrdinalIgnoreCase)
            ? p with { HostIp = "127.0.0.1" }
            : p)
        .ToList();

    private sealed class Progress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
