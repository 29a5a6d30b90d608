using Microsoft.Extensions.Logging;
using ZedOps.Agent.Docker;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;
using static ZedOps.Agent.Containers.ContainerCommands;
using static ZedOps.Agent.Servers.ServerProvisioner;

namespace ZedOps.Agent.Servers;

/// <summary>
/// Containers ZedOps did not create but that look like PZ servers, and their adoption. The old container is the
/// user's: it is stopped gracefully, and removed only after its replacement <c>zedops-&lt;name&gt;</c> exists (and
/// runs, if the old one ran). Until then every failure puts the data back and restarts the old container.
/// </summary>
internal sealed partial class ServerAdoption(IContainerRuntime runtime, ServerProvisioner provisioner, GracefulStop graceful, PathGuard paths, ILogger<ServerAdoption> logger)
{
    public const int PzGamePort = 16261;
    private static readonly string[] s_imageHints = ["zomboid", "pz-sim"];
    private static readonly string[] s_envHints = ["RCON_PASSWORD", "SERVER_NAME"];

    public async ValueTask<ListAdoptableResult> ListAsync(ListAdoptable request, CancellationToken ct)
    {
        var all = await Run(() => runtime.ListAsync(all: true, ct));
        var found = new List<AdoptableContainer>();
        foreach (var summary in all.Where(c => !c.Managed))
        {
            if (await Run(() => runtime.InspectDetailsAsync(summary.Id, ct)) is { } details && LooksLikePz(details))
            {
                var c = details.Container;
                found.Add(new AdoptableContainer(c.Id, c.Name, c.Image, c.State, details.Env, details.BindMounts, c.Ports));
            }
        }
        return new ListAdoptableResult(found, paths.DataRoot);
    }

    internal static bool LooksLikePz(ContainerDetails details) =>
        s_imageHints.Any(h => details.Container.Image.Contains(h, StringComparison.OrdinalIgnoreCase))
        || details.Container.Ports.Any(p => p.Protocol == "udp" && (p.ContainerPort == PzGamePort || p.HostPort == PzGamePort))
        || s_envHints.Any(details.Env.ContainsKey);

    public async Task AdoptAsync(GameServer server, AdoptServer request, ActionSteps steps, CancellationToken ct)
    {
        var spec = request.Spec;
        var details = await Run(() => runtime.InspectDetailsAsync(request.OldContainerId, ct))
            ?? throw new WireRequestException(ErrorCodes.NotFound, $"no container '{request.OldContainerId}' on this host");
        var old = details.Container;
        var name = ContainerName(spec.Name);
        if (old.Managed)
        {
            throw new WireRequestException(ErrorCodes.Conflict, $"container {old.Name} is already managed by ZedOps");
        }
        if (old.Name == name || await Run(() => runtime.InspectAsync(name, ct)) is not null)
        {
            throw new WireRequestException(ErrorCodes.Conflict, $"a container named {name} already exists on this host; rename it or pick another server name");
        }
        var source = details.BindMounts.FirstOrDefault(m => m.HostPath == request.SourcePath)
            ?? throw new WireRequestException(ErrorCodes.BadRequest, $"{request.SourcePath} is not a bind-mount source of container {old.Name}");
        var target = spec.Mounts.FirstOrDefault(m => m.ContainerPath == source.ContainerPath)
            ?? throw new WireRequestException(ErrorCodes.BadRequest, $"the spec has no mount at {source.ContainerPath}");
        var destination = paths.Validate(target.HostPath);
        if (!request.MoveData && PathGuard.Resolve(Path.GetFullPath(source.HostPath).TrimEnd('/')) != destination)
        {
            throw new WireRequestException(ErrorCodes.InvalidPath, $"without moving, the data must stay at {source.HostPath}, but the spec mounts {target.HostPath}");
        }
        provisioner.CheckSpec(spec);
        await provisioner.EnsureImageAsync(spec.Image, steps, ct);

        var wasRunning = old.State is ContainerStates.Running or ContainerStates.Restarting;
        if (wasRunning)
        {
            await graceful.StopAsync(old.Id, spec.Rcon, TimeSpan.FromSeconds(spec.StopTimeoutSeconds), steps, ct);
        }
        DataPlacement? placement = null;
        var created = false;
        try
        {
            if (request.MoveData)
            {
                placement = await DataPlacement.MoveAsync(source.HostPath, destination, paths.DataRoot, steps, ct);
            }
            var mounts = provisioner.CheckSpec(spec);
            await provisioner.CreateDataAsync(mounts, spec.DataOwner, steps, ct);
            await provisioner.CreateContainerAsync(spec, mounts, steps, ct);
            created = true;
            if (wasRunning)
            {
                await provisioner.StartAsync(server, spec, steps, ct);
            }
        }
        catch (Exception ex)
        {
            await UndoAsync(old, name, created, wasRunning, placement, server.Id);
            if (ex is IOException or UnauthorizedAccessException)
            {
                throw new WireRequestException(ErrorCodes.Internal, $"moving the data failed (nothing was changed): {ex.Message}");
            }
            throw;
        }
        await steps.RunAsync(ServerSteps.Remove, $"removing the adopted container {old.Name}", () => Run(async () =>
        {
            await runtime.RemoveAsync(old.Id, force: true, ct);
            return true;
        }), ct);
        if (placement is not null && !placement.Commit())
        {
            steps.Report(ServerSteps.MoveData, $"the original data at {source.HostPath} could not be deleted after the copy; remove it by hand");
        }
    }
}
