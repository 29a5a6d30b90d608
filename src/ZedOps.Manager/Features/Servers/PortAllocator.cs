using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Agents;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers;

public sealed record PortSuggestion(int GamePort, int UdpPort, int RconPort);

/// <summary>A port is free only if no catalogue row of the agent (deleted ones included), no container binding and no
/// host socket holds it; the last two are asked of the agent.</summary>
public sealed class PortAllocator(ZedOpsDbContext db, IAgentLink link)
{
    public const int FirstGamePort = 16261;
    public const int FirstRconPort = 27015;
    private const int Batch = 32;

    public async Task<PortSuggestion> SuggestAsync(Guid agentId, CancellationToken ct)
    {
        var taken = await CatalogueAsync(agentId, null, ct);
        var game = await FirstFreeAsync(agentId, taken, FirstGamePort, 2, p => [new(p, "udp"), new(p + 1, "udp")], ct);
        var rcon = await FirstFreeAsync(agentId, taken, FirstRconPort, 1, p => [new(p, "tcp")], ct);
        return new PortSuggestion(game, game + 1, rcon);
    }

    public async Task<List<PortUse>> ConflictsAsync(Guid agentId, IReadOnlyList<PortQuery> wanted, Guid? excludeServer, CancellationToken ct)
    {
        var taken = await CatalogueAsync(agentId, excludeServer, ct);
        var conflicts = wanted.Where(w => taken.ContainsKey(w.Port)).Select(w => new PortUse(w.Port, w.Protocol, taken[w.Port])).ToList();
        var host = await HostHeldAsync(agentId, wanted.Where(w => !taken.ContainsKey(w.Port)).ToList(), ct);
        conflicts.AddRange(host);
        return conflicts;
    }

    /// <summary>Catalogue rows only: for ports a container being adopted holds itself, the host check would name that container.</summary>
    public async Task<List<PortUse>> CatalogueConflictsAsync(Guid agentId, IReadOnlyList<PortQuery> wanted, CancellationToken ct)
    {
        var taken = await CatalogueAsync(agentId, null, ct);
        return wanted.Where(w => taken.ContainsKey(w.Port)).Select(w => new PortUse(w.Port, w.Protocol, taken[w.Port])).ToList();
    }

    private async Task<int> FirstFreeAsync(Guid agentId, Dictionary<int, string> taken, int start, int step, Func<int, PortQuery[]> ports, CancellationToken ct)
    {
        for (var first = start; first + step * Batch <= ServerValidation.MaxPort; first += step * Batch)
        {
            var candidates = Enumerable.Range(0, Batch).Select(i => first + (i * step)).Where(p => ports(p).All(q => !taken.ContainsKey(q.Port))).ToList();
            var held = (await HostHeldAsync(agentId, candidates.SelectMany(ports).ToList(), ct)).Select(u => u.Port).ToHashSet();
            foreach (var candidate in candidates.Where(c => ports(c).All(q => !held.Contains(q.Port))))
            {
                return candidate;
            }
        }
        throw new ServerCommandException(409, "No free ports", "No free port was found on this agent.");
    }

    private async Task<IReadOnlyList<PortUse>> HostHeldAsync(Guid agentId, List<PortQuery> ports, CancellationToken ct)
    {
        if (ports.Count == 0)
        {
            return [];
        }
        try
        {
            return (await link.RequestAsync(agentId, Requests.CheckPorts, new CheckPorts(ports), ct: ct)).InUse;
        }
        catch (WireRequestException ex)
        {
            throw new ServerCommandException(ex.Code == ErrorCodes.AgentOffline ? 503 : 502, "Cannot check the host's ports", ex.Message);
        }
    }

    private async Task<Dictionary<int, string>> CatalogueAsync(Guid agentId, Guid? excludeServer, CancellationToken ct)
    {
        var rows = await db.Servers.AsNoTracking().Where(s => s.AgentId == agentId && s.Id != excludeServer)
            .Select(s => new { s.Name, s.GamePort, s.UdpPort, s.RconPort, s.Status }).ToListAsync(ct);
        var taken = new Dictionary<int, string>();
        foreach (var row in rows)
        {
            var holder = row.Status == ServerStatuses.Deleted ? $"server '{row.Name}' (deleted; purge it to free its ports)" : $"server '{row.Name}'";
            taken.TryAdd(row.GamePort, holder);
            taken.TryAdd(row.UdpPort, holder);
            taken.TryAdd(row.RconPort, holder);
        }
        return taken;
    }
}
