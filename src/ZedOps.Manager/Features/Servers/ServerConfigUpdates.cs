using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers;

/// <summary>Config edits: save (marks "restart pending") and apply (a rebuild). Ports and tag change only while stopped.</summary>
public sealed class ServerConfigUpdates(ZedOpsDbContext db, PortAllocator ports, AuditLog audit, ServerLifecycle lifecycle)
{
    public async Task<ServerEntity> UpdateAsync(Guid id, UpdateServerRequest request, AuditActor actor, CancellationToken ct)
    {
        var row = await db.Servers.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw ServerCommandException.NotFound(id);
        if (request.Config?.MaxPlayers is < 1 or > 100)
        {
            throw ServerCommandException.Invalid("Invalid configuration", "Max players must be between 1 and 100.");
        }
        if (request.StopTimeoutSeconds is < 10 or > 3600)
        {
            throw ServerCommandException.Invalid("Invalid configuration", "The stop timeout must be between 10 and 3600 seconds.");
        }
        var portsChange = request.GamePort is not null || request.UdpPort is not null || request.RconPort is not null;
        if ((portsChange || request.Tag is not null) && row.Status is ServerStatuses.Running or ServerStatuses.Starting)
        {
            throw ServerCommandException.Conflict($"Stop '{row.Name}' before changing its ports or image tag.");
        }
        if (portsChange)
        {
            var (game, udp, rcon) = (request.GamePort ?? row.GamePort, request.UdpPort ?? row.UdpPort, request.RconPort ?? row.RconPort);
            var problems = ServerValidation.PortProblems(game, udp, rcon).ToList();
            if (problems.Count > 0)
            {
                throw ServerCommandException.Invalid("Invalid ports", string.Join(" ", problems));
            }
            var conflicts = await ports.ConflictsAsync(row.AgentId, [new(game, "udp"), new(udp, "udp"), new(rcon, "tcp")], row.Id, ct);
            if (conflicts.Count > 0)
            {
                throw ServerCommandException.Conflict(string.Join(" ", conflicts.Select(c => $"Port {c.Port}/{c.Protocol} is held by {c.HeldBy}.")));
            }
            (row.GamePort, row.UdpPort, row.RconPort) = (game, udp, rcon);
        }
        var stored = ServerConfig.FromJson(row.ConfigJson);
        // An edit that omits the world name keeps it: dropping it would start an adopted server on a fresh world.
        row.ConfigJson = (request.Config is { } edited ? edited with { WorldName = edited.WorldName ?? stored.WorldName } : stored).ToJson();
        row.Tag = string.IsNullOrWhiteSpace(request.Tag) ? row.Tag : request.Tag.Trim();
        row.StopTimeoutSeconds = request.StopTimeoutSeconds ?? row.StopTimeoutSeconds;
        row.RestartPending = row.Status is not (ServerStatuses.Deleted or ServerStatuses.Failed or ServerStatuses.Missing or ServerStatuses.Stopped);
        row.UpdatedAt = lifecycle.Now;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "server.config", $"server:{row.Name}", ct: ct);
        return row;
    }

    /// <summary>For the UI: null on success, else a message for the user.</summary>
    public async Task<string?> SaveAsync(Guid id, UpdateServerRequest request, ClaimsPrincipal user, ClientInfo? client)
    {
        if (!ZedOps.Manager.Features.Auth.AdminRights.Has(user))
        {
            return "Only admins can change a server's configuration.";
        }
        try
        {
            await UpdateAsync(id, request, AuditActor.From(user, client), CancellationToken.None);
            return null;
        }
        catch (Exception ex) when (ex is ServerCommandException or WireRequestException)
        {
            return ex.Message;
        }
    }

    public async Task<string?> ApplyAsync(Guid id, ClaimsPrincipal user, ClientInfo? client)
    {
        if (!ZedOps.Manager.Features.Auth.AdminRights.Has(user))
        {
            return "Only admins can apply a configuration.";
        }
        try
        {
            await lifecycle.RebuildAsync(id, AuditActor.From(user, client));
            return null;
        }
        catch (Exception ex) when (ex is ServerCommandException or WireRequestException)
        {
            return ex.Message;
        }
    }
}
