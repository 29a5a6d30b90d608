using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Features.Servers;

public sealed record ServerView(
    Guid Id, Guid AgentId, string? AgentName, string Name, string ProfileId, string Image, string Tag,
    int GamePort, int UdpPort, int RconPort, string DataPath, string Status, bool? DataExists, string? ContainerId,
    string? LastError, bool RestartPending, int StopTimeoutSeconds, string? Operation, string Connect,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? StartedAt, DateTimeOffset? DeletedAt,
    ServerConfig Config, ServerSecrets? Secrets);

/// <summary>Builds what users see of servers; secrets only for those allowed to control the server.</summary>
public sealed class ServerViews(ZedOpsDbContext db, ServerOperations operations, ServerSpecs specs)
{
    public async Task<List<ServerView>> ListAsync(Guid? agentId, string? status, string? search, CancellationToken ct)
    {
        var query = db.Servers.AsNoTracking();
        if (agentId is { } a)
        {
            query = query.Where(s => s.AgentId == a);
        }
        if (!string.IsNullOrWhiteSpace(status))
        {
            query = query.Where(s => s.Status == status);
        }
        var rows = await query.ToListAsync(ct);
        var agents = await AgentNamesAsync(ct);
        return rows
            .Where(s => string.IsNullOrWhiteSpace(search) || s.Name.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase))
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .Select(s => ToView(s, agents.GetValueOrDefault(s.AgentId), withSecrets: false))
            .ToList();
    }

    public async Task<ServerView?> GetAsync(Guid id, bool withSecrets, CancellationToken ct)
    {
        var row = await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        return row is null ? null : ToView(row, (await AgentNamesAsync(ct)).GetValueOrDefault(row.AgentId), withSecrets);
    }

    public ServerView ToView(ServerEntity s, (string Name, string? Host) agent, bool withSecrets) => new(
        s.Id, s.AgentId, agent.Name, s.Name, s.ProfileId, s.Image, s.Tag, s.GamePort, s.UdpPort, s.RconPort, s.DataPath, s.Status,
        s.DataExists, s.ContainerId, s.LastError, s.RestartPending, s.StopTimeoutSeconds, operations.Running(s.Id),
        $"{agent.Host ?? "<host>"}:{s.GamePort}", s.CreatedAt, s.UpdatedAt, s.StartedAt, s.DeletedAt,
        Masked(ServerConfig.FromJson(s.ConfigJson), withSecrets), withSecrets ? specs.TrySecrets(s) : null);

    /// <summary>Raw environment values are for those who may control the server (as its passwords are): everyone else,
    /// in lists, the API and the UI, sees the names only.</summary>
    private static ServerConfig Masked(ServerConfig config, bool withSecrets) => withSecrets || config.ExtraEnv is not { Count: > 0 } env
        ? config
        : config with { ExtraEnv = env.ToDictionary(e => e.Key, _ => Rcon.RconRedaction.Mask, StringComparer.Ordinal) };

    private async Task<Dictionary<Guid, (string Name, string? Host)>> AgentNamesAsync(CancellationToken ct) =>
        (await db.Agents.AsNoTracking().Select(a => new { a.Id, a.Name, a.Hostname }).ToListAsync(ct))
            .ToDictionary(a => a.Id, a => (a.Name, a.Hostname));
}
