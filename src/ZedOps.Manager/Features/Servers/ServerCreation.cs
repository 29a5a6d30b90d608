using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers;

public sealed record CreateServerRequest(
    string? Name,
    string? ProfileId,
    string? Tag,
    int? GamePort,
    int? UdpPort,
    int? RconPort,
    string? DataPath,
    string? AdminPassword,
    string? RconPassword,
    string? ServerPassword,
    int? StopTimeoutSeconds,
    ServerConfig? Config);

/// <summary>Validates a create request (name, profile, ports against the catalogue and the host, data path), writes the
/// row as <c>creating</c> and hands the rest to the agent in the background.</summary>
public sealed class ServerCreation(ZedOpsDbContext db, PortAllocator ports, ServerSecretsProtector secrets, ServerLifecycle lifecycle)
{
    public async Task<ServerEntity> CreateAsync(Guid agentId, CreateServerRequest request, AuditActor actor, CancellationToken ct)
    {
        var row = await CreateRowAsync(agentId, request, ct);
        lifecycle.Create(row, actor);
        return row;
    }

    /// <summary>Validates and writes the row as <c>creating</c> without starting anything on the agent: the caller
    /// runs the operation that builds the server (a plain create, or a clone from a backup).</summary>
    public async Task<ServerEntity> CreateRowAsync(Guid agentId, CreateServerRequest request, CancellationToken ct)
    {
        var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agentId && a.RevokedAt == null, ct)
            ?? throw new ServerCommandException(404, "Agent not found", $"No agent with id {agentId}.");
        var problems = new List<string>();
        if (ServerValidation.NameProblem(request.Name) is { } nameProblem)
        {
            problems.Add(nameProblem);
        }
        var profile = ImageProfiles.Find(request.ProfileId ?? "pz-sim");
        if (profile is null)
        {
            problems.Add($"Unknown image profile '{request.ProfileId}'; choose one of: {string.Join(", ", ImageProfiles.All.Select(p => p.Id))}.");
        }
        if (ServerValidation.DataPathProblem(request.DataPath) is { } pathProblem)
        {
            problems.Add(pathProblem);
        }
        if (request.StopTimeoutSeconds is < 10 or > 3600)
        {
            problems.Add("The stop timeout must be between 10 and 3600 seconds.");
        }
        problems.AddRange(ServerConfigUpdates.ConfigProblems(request.Config ?? new ServerConfig(), profile?.Id, checkEnv: true));
        if (ServerEnvRules.TagProblem(string.IsNullOrWhiteSpace(request.Tag) ? null : request.Tag.Trim()) is { } tagProblem)
        {
            problems.Add(tagProblem);
        }
        if (problems.Count > 0)
        {
            throw new ServerCommandException(400, "Invalid server", string.Join(" ", problems), new Dictionary<string, object?> { ["errors"] = problems });
        }
        if (await db.Servers.AnyAsync(s => s.AgentId == agentId && s.Name == request.Name, ct))
        {
            throw ServerCommandException.Conflict($"A server named '{request.Name}' already exists on this agent (deleted servers keep their name until purged).");
        }
        var dataRoot = agent.DataRoot ?? throw new ServerCommandException(503, "Agent never connected",
            "The agent has not reported its data root yet; wait until it is online once.");
        var dataPath = request.DataPath is { } overridden ? DataPaths.Normalize(overridden) : $"{dataRoot.TrimEnd('/')}/{request.Name}";
        await DataPaths.EnsureFreeAsync(db, agentId, dataPath, ct);
        var (game, udp, rcon) = await ResolvePortsAsync(agentId, request, ct);
        var now = lifecycle.Now;
        var row = new ServerEntity
        {
            Id = Guid.NewGuid(),
            AgentId = agentId,
            Name = request.Name!,
            ProfileId = profile!.Id,
            Image = profile.Image,
            Tag = string.IsNullOrWhiteSpace(request.Tag) ? profile.DefaultTag : request.Tag.Trim(),
            GamePort = game,
            UdpPort = udp,
            RconPort = rcon,
            DataPath = dataPath,
            DataPathOverridden = request.DataPath is not null,
            ConfigJson = (request.Config ?? new ServerConfig()).ToJson(),
            ProtectedSecrets = secrets.Protect(new ServerSecrets(
                request.AdminPassword is { Length: > 0 } a ? a : NewPassword(),
                request.RconPassword is { Length: > 0 } r ? r : NewPassword(),
                request.ServerPassword is { Length: > 0 } sp ? sp : null)),
            Status = ServerStatuses.Creating,
            StopTimeoutSeconds = request.StopTimeoutSeconds ?? profile.DefaultStopTimeoutSeconds,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Servers.Add(row);
        await db.SaveChangesAsync(ct);
        return row;
    }

    private async Task<(int Game, int Udp, int Rcon)> ResolvePortsAsync(Guid agentId, CreateServerRequest request, CancellationToken ct)
    {
        var suggested = request.GamePort is null || request.RconPort is null ? await ports.SuggestAsync(agentId, ct) : null;
        var game = request.GamePort ?? suggested!.GamePort;
        var udp = request.UdpPort ?? game + 1;
        var rcon = request.RconPort ?? suggested!.RconPort;
        var problems = ServerValidation.PortProblems(game, udp, rcon).ToList();
        if (problems.Count > 0)
        {
            throw new ServerCommandException(400, "Invalid ports", string.Join(" ", problems), new Dictionary<string, object?> { ["errors"] = problems });
        }
        var conflicts = await ports.ConflictsAsync(agentId, [new(game, "udp"), new(udp, "udp"), new(rcon, "tcp")], excludeServer: null, ct);
        if (conflicts.Count > 0)
        {
            throw new ServerCommandException(409, "Ports in use",
                string.Join(" ", conflicts.Select(c => $"Port {c.Port}/{c.Protocol} is held by {c.HeldBy}.")),
                new Dictionary<string, object?> { ["conflicts"] = conflicts });
        }
        return (game, udp, rcon);
    }

    internal static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y').TrimEnd('=');
}
