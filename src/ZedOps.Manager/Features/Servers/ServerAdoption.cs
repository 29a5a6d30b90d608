using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Servers;

public sealed record AdoptServerRequest(string? ContainerId, string? Name, string? ProfileId, bool MoveData, int? GamePort, int? UdpPort, int? RconPort);

/// <summary>An unmanaged PZ-looking container with what adopting it would make of it (env holds passwords: admins only).</summary>
public sealed record AdoptableView(
    string ContainerId, string Name, string Image, string State, AdoptionPlan? Plan, string DataRoot, bool DataInsideRoot,
    IReadOnlyList<ServerMount> Mounts, IReadOnlyList<PortBinding> Ports, IReadOnlyDictionary<string, string> Env);

/// <summary>Lists containers that could be adopted and adopts one: validates like a create (name, ports against the
/// catalogue, data path), writes the row as <c>creating</c> and lets the agent swap the container in the background.</summary>
public sealed class ServerAdoption(ZedOpsDbContext db, PortAllocator ports, ServerSecretsProtector secrets, ServerLifecycle lifecycle, IAgentLink link)
{
    public async Task<List<AdoptableView>> ListAsync(Guid agentId, CancellationToken ct)
    {
        var found = await link.RequestAsync(agentId, Requests.ListAdoptable, new ListAdoptable(), ct: ct);
        return found.Containers.Select(c =>
        {
            var plan = AdoptionInference.Infer(c, null, null);
            return new AdoptableView(c.Id, c.Name, c.Image, c.State, plan, found.DataRoot, plan?.DataSource is { } s && Inside(s, found.DataRoot),
                c.Mounts, c.Ports, c.Env);
        }).ToList();
    }

    public async Task<ServerEntity> AdoptAsync(Guid agentId, AdoptServerRequest request, AuditActor actor, CancellationToken ct)
    {
        _ = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agentId && a.RevokedAt == null, ct)
            ?? throw new ServerCommandException(404, "Agent not found", $"No agent with id {agentId}.");
        var found = await link.RequestAsync(agentId, Requests.ListAdoptable, new ListAdoptable(), ct: ct);
        var container = found.Containers.FirstOrDefault(c => c.Id == request.ContainerId || c.Name == request.ContainerId
                || (request.ContainerId is { Length: >= 12 } prefix && c.Id.StartsWith(prefix, StringComparison.Ordinal)))
            ?? throw new ServerCommandException(404, "Container not adoptable",
                $"No unmanaged container '{request.ContainerId}' that looks like a PZ server is on this agent.");
        var plan = AdoptionInference.Infer(container, request.ProfileId, request.Name)
            ?? throw ServerCommandException.Invalid("Invalid adoption", $"Unknown image profile '{request.ProfileId}'; choose one of: {string.Join(", ", ImageProfiles.All.Select(p => p.Id))}.");
        plan = plan with { GamePort = request.GamePort ?? plan.GamePort, UdpPort = request.UdpPort ?? request.GamePort + 1 ?? plan.UdpPort, RconPort = request.RconPort ?? plan.RconPort };
        var dataPath = CheckPlan(plan, container, request.MoveData, found.DataRoot);
        if (await db.Servers.AnyAsync(s => s.AgentId == agentId && s.Name == plan.Name, ct))
        {
            throw ServerCommandException.Conflict($"A server named '{plan.Name}' already exists on this agent (deleted servers keep their name until purged).");
        }
        await DataPaths.EnsureFreeAsync(db, agentId, dataPath, ct);
        await CheckPortsAsync(agentId, plan, container, ct);
        var now = lifecycle.Now;
        var row = new ServerEntity
        {
            Id = Guid.NewGuid(),
            AgentId = agentId,
            Name = plan.Name,
            ProfileId = plan.ProfileId,
            Image = plan.Image,
            Tag = plan.Tag,
            GamePort = plan.GamePort!.Value,
            UdpPort = plan.UdpPort,
            RconPort = plan.RconPort,
            DataPath = dataPath,
            DataPathOverridden = dataPath != $"{found.DataRoot.TrimEnd('/')}/{plan.Name}",
            ConfigJson = plan.Config.ToJson(),
            ProtectedSecrets = secrets.Protect(new ServerSecrets(
                plan.AdminPassword ?? ServerCreation.NewPassword(), plan.RconPassword ?? ServerCreation.NewPassword(), plan.ServerPassword)),
            Status = ServerStatuses.Creating,
            StopTimeoutSeconds = ImageProfiles.Find(plan.ProfileId)!.DefaultStopTimeoutSeconds,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Servers.Add(row);
        await db.SaveChangesAsync(ct);
        lifecycle.Adopt(row, container.Id, container.Name, request.MoveData, plan.DataSource!, actor);
        return row;
    }

    /// <summary>The row's data path; refuses (400) anything the adoption could not do without surprises.</summary>
    private static string CheckPlan(AdoptionPlan plan, AdoptableContainer container, bool moveData, string dataRoot)
    {
        var problems = new List<string>();
        if (ServerValidation.NameProblem(plan.Name) is { } nameProblem)
        {
            problems.Add(nameProblem);
        }
        if (plan.GamePort is not { } game)
        {
            problems.Add($"Container {container.Name} publishes no UDP port; give the game port to use.");
        }
        else
        {
            problems.AddRange(ServerValidation.PortProblems(game, plan.UdpPort, plan.RconPort));
        }
        var dataPath = plan.DataSource is { } source ? DataPathFor(plan, source, moveData, dataRoot) : null;
        if (plan.DataSource is null)
        {
            problems.Add($"Container {container.Name} has no bind mount at {plan.DataContainerPath}, so there is no world to adopt.");
        }
        else if (dataPath is null)
        {
            problems.Add($"The data of {container.Name} is at {plan.DataSource}, outside the agent's data root {dataRoot}. " +
                $"Choose to move it under the data root (to {dataRoot.TrimEnd('/')}/{plan.Name}), or move it there yourself first.");
        }
        if (problems.Count > 0)
        {
            throw new ServerCommandException(400, "Invalid adoption", string.Join(" ", problems), new Dictionary<string, object?> { ["errors"] = problems });
        }
        return dataPath!;
    }

    /// <summary>Moving: the default place under the root. Staying: the source (less the profile's sub-path), only inside the root.</summary>
    private static string? DataPathFor(AdoptionPlan plan, string source, bool moveData, string dataRoot)
    {
        if (moveData)
        {
            return $"{dataRoot.TrimEnd('/')}/{plan.Name}";
        }
        var subPath = ImageProfiles.Find(plan.ProfileId)!.Mounts[0].SubPath;
        var trimmed = source.TrimEnd('/');
        var dataPath = subPath.Length == 0 ? trimmed : trimmed.EndsWith("/" + subPath, StringComparison.Ordinal) ? trimmed[..^(subPath.Length + 1)] : null;
        return dataPath is not null && Inside(dataPath, dataRoot) && ServerValidation.DataPathProblem(dataPath) is null ? dataPath : null;
    }

    /// <summary>Catalogue rows for every port; the host only for ports the old container does not hold itself.</summary>
    private async Task CheckPortsAsync(Guid agentId, AdoptionPlan plan, AdoptableContainer container, CancellationToken ct)
    {
        List<PortQuery> wanted = [new(plan.GamePort!.Value, "udp"), new(plan.UdpPort, "udp"), new(plan.RconPort, "tcp")];
        var own = container.Ports.Where(p => p.HostPort is not null).Select(p => (p.HostPort!.Value, p.Protocol)).ToHashSet();
        var conflicts = await ports.CatalogueConflictsAsync(agentId, wanted, ct);
        var hostCheck = wanted.Where(w => !own.Contains((w.Port, w.Protocol)) && conflicts.All(c => c.Port != w.Port)).ToList();
        conflicts.AddRange(hostCheck.Count == 0 ? [] : await ports.ConflictsAsync(agentId, hostCheck, excludeServer: null, ct));
        if (conflicts.Count > 0)
        {
            throw new ServerCommandException(409, "Ports in use",
                string.Join(" ", conflicts.Select(c => $"Port {c.Port}/{c.Protocol} is held by {c.HeldBy}.")),
                new Dictionary<string, object?> { ["conflicts"] = conflicts });
        }
    }

    private static bool Inside(string path, string root) => path.TrimEnd('/').StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);
}
