using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Containers;

namespace ZedOps.Manager.Features.Containers;

/// <summary>
/// The one rule for containers, used by the API and the UI alike: a container that belongs to a catalogued server
/// (by its <c>zedops.server.id</c> label or by the name <c>zedops-&lt;server&gt;</c>) needs the capability on that
/// server; any other container (unmanaged, orphan) needs it at agent level (an agent- or global-scope grant) or admin.
/// A container reference from a URL (id, id prefix or name) is always resolved by the agent first, checked on what it
/// resolved to, and then acted on by its full id, so a prefix or a name can never reach a container that was not checked.
/// </summary>
public sealed class ContainerAccess(ZedOpsDbContext db, AccessControl access)
{

    public async Task<bool> CanAsync(ClaimsPrincipal user, Capability capability, Guid agentId, ContainerSummary container, CancellationToken ct = default) =>
        (await FilterAsync(user, capability, agentId, [container], ct)).Count == 1;

    /// <summary>The containers of <paramref name="containers"/> the user has <paramref name="capability"/> on, in order.</summary>
    public async Task<List<ContainerSummary>> FilterAsync(ClaimsPrincipal user, Capability capability, Guid agentId,
        IReadOnlyList<ContainerSummary> containers, CancellationToken ct = default)
    {
        if (AdminRights.Has(user) || containers.Count == 0)
        {
            return [.. containers];
        }
        if (await access.CanAsync(user, capability, agentId, null, ct))
        {
            return [.. containers];
        }
        var servers = await db.Servers.AsNoTracking().Where(s => s.AgentId == agentId).Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var byName = servers.ToDictionary(s => ServerSpecs.ContainerName(s.Name), s => s.Id, StringComparer.Ordinal);
        var known = servers.Select(s => s.Id).ToHashSet();
        var allowed = new Dictionary<Guid, bool>();
        var result = new List<ContainerSummary>(containers.Count);
        foreach (var container in containers)
        {
            var owners = Owners(container, byName, known);
            if (owners.Count == 0)
            {
                continue;
            }
            var ok = true;
            foreach (var owner in owners)
            {
                if (!allowed.TryGetValue(owner, out var can))
                {
                    allowed[owner] = can = await access.CanAsync(user, capability, agentId, owner, ct);
                }
                ok &= can;
            }
            if (ok)
            {
                result.Add(container);
            }
        }
        return result;
    }

    /// <summary>The catalogued servers (on this agent) a container belongs to: by label, by name, or both. A label
    /// naming a server of another agent or no server at all makes it an orphan, which needs agent-level rights.</summary>
    private static HashSet<Guid> Owners(ContainerSummary container, Dictionary<string, Guid> byName, HashSet<Guid> known)
    {
        var owners = new HashSet<Guid>();
        if (container.Labels.TryGetValue(ServerSync.ServerIdLabel, out var label) && Guid.TryParse(label, out var labelled) && known.Contains(labelled))
        {
            owners.Add(labelled);
        }
        if (byName.TryGetValue(container.Name.TrimStart('/'), out var named))
        {
            owners.Add(named);
        }
        return owners;
    }
}
