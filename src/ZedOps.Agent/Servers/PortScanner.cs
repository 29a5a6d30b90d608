using System.Globalization;
using ZedOps.Agent.Containers;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Host;
using ZedOps.Protocol.Servers;

namespace ZedOps.Agent.Servers;

/// <summary>
/// Which ports are held on this host: Docker's port bindings of running containers first (their docker-proxy also
/// shows up as a host socket, and the container is the better answer), then the host's sockets from
/// /proc/net/{tcp,tcp6,udp,udp6} — listening TCP sockets and every bound UDP socket, on any address.
/// </summary>
internal sealed class PortScanner(ProcFileSystem proc, IContainerRuntime runtime)
{
    public const string HostSocket = "host socket";

    private const string TcpListen = "0A";

    public async Task<CheckPortsResult> CheckAsync(IReadOnlyList<PortQuery> ports, CancellationToken ct)
    {
        var containers = await ContainerCommands.Run(() => runtime.ListAsync(all: true, ct));
        var tcp = new HashSet<int>(ReadPorts("net/tcp", listeningOnly: true).Concat(ReadPorts("net/tcp6", listeningOnly: true)));
        var udp = new HashSet<int>(ReadPorts("net/udp", listeningOnly: false).Concat(ReadPorts("net/udp6", listeningOnly: false)));
        var inUse = new List<PortUse>();
        foreach (var (port, protocol) in ports.Select(q => (q.Port, q.Protocol.ToLowerInvariant())).Distinct())
        {
            var container = containers.FirstOrDefault(c => c.Ports.Any(b => b.HostPort == port && b.Protocol == protocol));
            if (container is not null)
            {
                inUse.Add(new PortUse(port, protocol, $"container {container.Name}"));
            }
            else if ((protocol == "udp" ? udp : tcp).Contains(port))
            {
                inUse.Add(new PortUse(port, protocol, HostSocket));
            }
        }
        return new CheckPortsResult(inUse);
    }

    private IEnumerable<int> ReadPorts(string relative, bool listeningOnly) => ParseProcNet(proc.ReadText(relative), listeningOnly);

    /// <summary>Local ports of a /proc/net/{tcp,udp}{,6} table: "sl local_address rem_address st …", where an
    /// address is hex "0100007F:1F90" (IPv4) or 32 hex digits ":PORT" (IPv6); st 0A is TCP LISTEN.</summary>
    internal static IEnumerable<int> ParseProcNet(string? table, bool listeningOnly)
    {
        if (table is null)
        {
            yield break;
        }
        foreach (var line in table.Split('\n').Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || (listeningOnly && fields[3] != TcpListen))
            {
                continue;
            }
            var local = fields[1];
            var colon = local.LastIndexOf(':');
            if (colon > 0 && int.TryParse(local.AsSpan(colon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var port))
            {
                yield return port;
            }
        }
    }
}
