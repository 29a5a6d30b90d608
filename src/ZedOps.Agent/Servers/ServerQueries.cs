using ZedOps.Agent.Docker;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;
using static ZedOps.Agent.Containers.ContainerCommands;

namespace ZedOps.Agent.Servers;

/// <summary>The read-only server requests: sync's inventory and the port check.</summary>
internal sealed class ServerQueries(IContainerRuntime runtime, PathGuard paths, PortScanner ports, ReadinessWatcher readiness)
{
    public async ValueTask<ServerInventoryResult> InventoryAsync(ServerInventory request, CancellationToken ct)
    {
        var containers = await Run(() => runtime.ListAsync(all: false, ct));
        var exists = request.DataPaths.Distinct(StringComparer.Ordinal).ToDictionary(p => p, DataExists, StringComparer.Ordinal);
        return new ServerInventoryResult(containers, exists, paths.DataRoot, readiness.ReadyServers);
    }

    public async ValueTask<CheckPortsResult> CheckPortsAsync(CheckPorts request, CancellationToken ct) =>
        await ports.CheckAsync(request.Ports, ct);

    /// <summary>A path the agent would refuse to use does not count as existing data.</summary>
    private bool DataExists(string path)
    {
        try
        {
            return Directory.Exists(paths.Validate(path));
        }
        catch (WireRequestException)
        {
            return false;
        }
    }
}
