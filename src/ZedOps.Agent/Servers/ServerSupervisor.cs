using System.Collections.Concurrent;
using ZedOps.Agent.Containers;
using ZedOps.Agent.Docker;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;
using static ZedOps.Agent.Containers.ContainerCommands;
using static ZedOps.Agent.Servers.ServerProvisioner;

namespace ZedOps.Agent.Servers;

/// <summary>
/// All game servers on this host, by server id. Every state-changing action runs under that server's power lock
/// (Wings' HandlePowerAction); a kill skips the lock so it always gets through. The manager sends the full spec with
/// each action, so the agent keeps no catalogue of its own: Docker and the data root are the truth.
/// </summary>
// Six dependencies, one over the house limit: adoption needs this power lock, and splitting the handler table is worse.
internal sealed class ServerSupervisor(
    IContainerRuntime runtime, ServerProvisioner provisioner, GracefulStop graceful, ServerEvents events, ServerQueries queries, ServerAdoption adoption)
{
    private readonly ConcurrentDictionary<Guid, GameServer> _servers = new();

    public MessageRouter Register(MessageRouter router) => router
        .Handle(Requests.CreateServer, CreateAsync)
        .Handle(Requests.StartServer, StartAsync)
        .Handle(Requests.StopServer, StopAsync)
        .Handle(Requests.KillServer, KillAsync)
        .Handle(Requests.RemoveServer, RemoveAsync)
        .Handle(Requests.RebuildServer, RebuildAsync)
        .Handle(Requests.ServerInventory, InventoryAsync)
        .Handle(Requests.CheckPorts, queries.CheckPortsAsync)
        .Handle(Requests.ListAdoptable, adoption.ListAsync)
        .Handle(Requests.AdoptServer, AdoptAsync);

    public ValueTask<ServerActionResult> AdoptAsync(AdoptServer request, CancellationToken ct) =>
        LockedAsync(request.Spec.ServerId, request.Spec.Name, (server, steps) =>
        {
            Remember(server, request.Spec);
            server.ExpectExit();
            return adoption.AdoptAsync(server, request, steps, ct);
        }, ct);

    /// <summary>Sync's inventory; it also brings each server's crash policy (an agent restarted since knows none).</summary>
    public ValueTask<ServerInventoryResult> InventoryAsync(ServerInventory request, CancellationToken ct)
    {
        foreach (var (id, policy) in request.CrashPolicies ?? new Dictionary<Guid, CrashPolicy>())
        {
            Get(id).CrashPolicy = policy;
        }
        return queries.InventoryAsync(request, ct);
    }

    public ValueTask<ServerActionResult> CreateAsync(CreateServer request, CancellationToken ct) => LockedAsync(request.Spec.ServerId, request.Spec.Name, async (server, steps) =>
    {
        var spec = request.Spec;
        var mounts = provisioner.CheckSpec(spec);
        var name = ContainerName(spec.Name);
        Remember(server, spec);
        server.StartedByZedOps();
        if (await InspectAsync(name, ct) is { } existing)
        {
            throw new WireRequestException(ErrorCodes.Conflict, $"a container named {name} already exists on this host ({existing.State})");
        }
        await provisioner.CheckPortsFreeAsync(spec, ct);
        await provisioner.CreateDataAsync(mounts, spec.DataOwner, steps, ct);
        await provisioner.EnsureImageAsync(spec.Image, steps, ct);
        await provisioner.CreateContainerAsync(spec, mounts, steps, ct);
        if (request.Start)
        {
            await StartOrCleanUpAsync(server, spec, steps, ct);
        }
    }, ct);

    /// <summary>Starts; a container lost meanwhile (removed by hand) is recreated from the spec over the kept data.</summary>
    public ValueTask<ServerActionResult> StartAsync(StartServer request, CancellationToken ct) => LockedAsync(request.Spec.ServerId, request.Spec.Name, async (server, steps) =>
    {
        var spec = request.Spec;
        var mounts = provisioner.CheckSpec(spec);
        Remember(server, spec);
        server.StartedByZedOps();
        var current = await InspectAsync(ContainerName(spec.Name), ct);
        if (current is { State: ContainerStates.Running })
        {
            return;
        }
        if (current is null)
        {
            await provisioner.CheckPortsFreeAsync(spec, ct);
            await provisioner.CreateDataAsync(mounts, spec.DataOwner, steps, ct);
            await provisioner.EnsureImageAsync(spec.Image, steps, ct);
            await provisioner.CreateContainerAsync(spec, mounts, steps, ct);
        }
        await provisioner.StartAsync(server, spec, steps, ct);
    }, ct);

    public ValueTask<ServerActionResult> StopAsync(StopServer request, CancellationToken ct) => LockedAsync(request.ServerId, request.Name, async (server, steps) =>
    {
        var name = ContainerName(request.Name);
        server.ActedByZedOps();
        var current = await InspectAsync(name, ct) ?? throw NoContainer(request.Name);
        if (current.State is ContainerStates.Running or ContainerStates.Restarting)
        {
            server.ExpectExit();
            await graceful.StopAsync(name, request.Rcon, TimeSpan.FromSeconds(request.TimeoutSeconds), steps, ct);
        }
        provisioner.EndReadiness(server.Id);
    }, ct);

    /// <summary>No lock: a kill must get through while a stop or start hangs.</summary>
    public async ValueTask<ServerActionResult> KillAsync(KillServer request, CancellationToken ct)
    {
        var name = ContainerName(CheckName(request.Name));
        provisioner.EndReadiness(request.ServerId);
        var steps = events.Begin(request.ServerId);
        var server = Get(request.ServerId);
        server.ActedByZedOps();
        var current = await InspectAsync(name, ct) ?? throw NoContainer(request.Name);
        if (current.State is ContainerStates.Running or ContainerStates.Restarting or ContainerStates.Paused)
        {
            server.ExpectExit();
            await steps.RunAsync(ServerSteps.Kill, $"killing {name}", () => IgnoreNotRunningAsync(() => runtime.KillAsync(name, ct)), ct);
        }
        return new ServerActionResult(request.ServerId, await InspectAsync(name, ct), steps.Done);
    }

    /// <summary>Removes the container (after the graceful stop: save/quit over RCON or stdin); the data only when asked, and only
    /// a path inside the data root. Idempotent: a missing container is not an error.</summary>
    public ValueTask<ServerActionResult> RemoveAsync(RemoveServer request, CancellationToken ct) => LockedAsync(request.ServerId, request.Name, async (server, steps) =>
    {
        var data = request.RemoveData ? provisioner.CheckDataPath(request.DataPath) : null;
        provisioner.EndReadiness(server.Id);
        server.ActedByZedOps();
        await RemoveContainerAsync(server, ContainerName(request.Name), null, ContainerCommands.DefaultGrace, steps, ct);
        if (data is not null && Directory.Exists(data))
        {
            await steps.RunAsync(ServerSteps.RemoveData, $"deleting {data}", () => Task.Run(() => Directory.Delete(data, recursive: true), ct), ct);
        }
    }, ct);

    /// <summary>The image is made available first, so a failed pull leaves the server as it was.</summary>
    public ValueTask<ServerActionResult> RebuildAsync(RebuildServer request, CancellationToken ct) => LockedAsync(request.Spec.ServerId, request.Spec.Name, async (server, steps) =>
    {
        var spec = request.Spec;
        var mounts = provisioner.CheckSpec(spec);
        await provisioner.EnsureImageAsync(spec.Image, steps, ct);
        provisioner.EndReadiness(server.Id);
        Remember(server, spec);
        server.StartedByZedOps();
        await RemoveContainerAsync(server, ContainerName(spec.Name), spec.Rcon, TimeSpan.FromSeconds(spec.StopTimeoutSeconds), steps, ct);
        await provisioner.CreateDataAsync(mounts, spec.DataOwner, steps, ct);
        await provisioner.CreateContainerAsync(spec, mounts, steps, ct);
        if (request.Start)
        {
            await provisioner.StartAsync(server, spec, steps, ct);
        }
    }, ct);

    private async Task RemoveContainerAsync(GameServer server, string name, RconEndpoint? rcon, TimeSpan stopTimeout, ActionSteps steps, CancellationToken ct)
    {
        if (await InspectAsync(name, ct) is not { } current)
        {
            return;
        }
        server.ExpectExit();
        if (current.State is ContainerStates.Running or ContainerStates.Restarting)
        {
            await graceful.StopAsync(name, rcon, stopTimeout, steps, ct);
        }
        await steps.RunAsync(ServerSteps.Remove, $"removing container {name}", () => Run(async () =>
        {
            await runtime.RemoveAsync(name, force: true, ct);
            return true;
        }), ct);
    }

    /// <summary>A container that was created but cannot start (a port taken meanwhile) is removed again, so a retry
    /// of the create does not run into its own leftover.</summary>
    private async Task StartOrCleanUpAsync(GameServer server, ServerSpec spec, ActionSteps steps, CancellationToken ct)
    {
        try
        {
            await provisioner.StartAsync(server, spec, steps, ct);
        }
        catch (WireRequestException)
        {
            try
            {
                await runtime.RemoveAsync(ContainerName(spec.Name), force: true, CancellationToken.None);
            }
            catch (ContainerRuntimeException)
            {
                // The start's error is the one to report.
            }
            throw;
        }
    }

    private async ValueTask<ServerActionResult> LockedAsync(Guid serverId, string serverName, Func<GameServer, ActionSteps, Task> action, CancellationToken ct)
    {
        var name = ContainerName(CheckName(serverName));
        var server = Get(serverId);
        var steps = events.Begin(serverId);
        await server.WithPowerLockAsync(async () =>
        {
            await action(server, steps);
            return true;
        }, ct);
        return new ServerActionResult(serverId, await InspectAsync(name, ct), steps.Done);
    }

    public GameServer Get(Guid serverId) => _servers.GetOrAdd(serverId, id => new GameServer(id));

    private static void Remember(GameServer server, ServerSpec spec)
    {
        if (spec.Crash is { } policy)
        {
            server.CrashPolicy = policy;
        }
    }

    private Task<ContainerSummary?> InspectAsync(string name, CancellationToken ct) => Run(() => runtime.InspectAsync(name, ct));

    private static async Task IgnoreNotRunningAsync(Func<Task> action)
    {
        try
        {
            await Run(async () => { await action(); return true; });
        }
        catch (WireRequestException ex) when (ex.Code == ErrorCodes.Conflict)
        {
            // It stopped between the inspect and the kill: the kill's goal is met.
        }
    }

    private static WireRequestException NoContainer(string serverName) =>
        new(ErrorCodes.NotFound, $"server {serverName} has no container ({ContainerName(serverName)}) on this host");
}
