using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Servers;

/// <summary>Config edits: save (marks "restart pending") and apply (a rebuild). Ports and tag change only while stopped.</summary>
public sealed class ServerConfigUpdates(ZedOpsDbContext db, PortAllocator ports, AuditLog audit, ServerLifecycle lifecycle, ServerSync sync)
{
    /// <summary>Operators (control rights) may change the typed game settings and the stop timeout; the image tag, ports,
    /// world name and raw environment are admin-only (they pick what runs and what the host exposes).</summary>
    public async Task<ServerEntity> UpdateAsync(Guid id, UpdateServerRequest request, AuditActor actor, bool isAdmin, CancellationToken ct)
    {
        var row = await db.Servers.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw ServerCommandException.NotFound(id);
        var stored = ServerConfig.FromJson(row.ConfigJson);
        // An edit that omits the world name or the environment keeps them: dropping the world would start an adopted server on a fresh world.
        var edited = request.Config is { } c ? c with
        {
            WorldName = c.WorldName ?? stored.WorldName,
            ExtraEnv = c.ExtraEnv ?? stored.ExtraEnv,
            ModUpdates = c.ModUpdates ?? stored.ModUpdates,
            ModLinks = c.ModLinks ?? stored.ModLinks,
            CrashRestart = c.CrashRestart ?? stored.CrashRestart,
        } : stored;
        var tag = string.IsNullOrWhiteSpace(request.Tag) ? row.Tag : request.Tag.Trim();
        var (game, udp, rcon) = (request.GamePort ?? row.GamePort, request.UdpPort ?? row.UdpPort, request.RconPort ?? row.RconPort);
        var portsChange = (game, udp, rcon) != (row.GamePort, row.UdpPort, row.RconPort);
        var envChange = !EnvEqual(stored.ExtraEnv, edited.ExtraEnv);
        if (!isAdmin && (tag != row.Tag || portsChange || envChange || edited.WorldName != stored.WorldName))
        {
            throw new ServerCommandException(403, "Admin only",
                "Only admins can change a server's image tag, ports, world name or raw environment; operators may change its game settings and stop timeout.");
        }
        var problems = ConfigProblems(edited, row.ProfileId, envChange).ToList();
        if (request.StopTimeoutSeconds is < 10 or > 3600)
        {
            problems.Add("The stop timeout must be between 10 and 3600 seconds.");
        }
        if (ServerEnvRules.TagProblem(tag) is { } tagProblem)
        {
            problems.Add(tagProblem);
        }
        if (problems.Count > 0)
        {
            throw new ServerCommandException(400, "Invalid configuration", string.Join(" ", problems), new Dictionary<string, object?> { ["errors"] = problems });
        }
        if ((portsChange || tag != row.Tag) && row.Status is ServerStatuses.Running or ServerStatuses.Starting)
        {
            throw ServerCommandException.Conflict($"Stop '{row.Name}' before changing its ports or image tag.");
        }
        if (portsChange)
        {
            await CheckPortsAsync(row, game, udp, rcon, ct);
        }
        var old = (row.Tag, row.GamePort, row.UdpPort, row.RconPort, row.StopTimeoutSeconds);
        (row.GamePort, row.UdpPort, row.RconPort) = (game, udp, rcon);
        row.ConfigJson = edited.ToJson();
        row.Tag = tag;
        row.StopTimeoutSeconds = request.StopTimeoutSeconds ?? row.StopTimeoutSeconds;
        var crashChange = !CrashRestartSettings.Same(stored.CrashRestart, edited.CrashRestart);
        // The crash policy and the mod update watch need no restart (the agent takes the former at once, the latter runs
        // on the manager); anything else in the container's settings does.
        var containerUnchanged = edited with { CrashRestart = stored.CrashRestart, ModUpdates = stored.ModUpdates, ExtraEnv = stored.ExtraEnv, ModLinks = stored.ModLinks } == stored
            && !envChange && !portsChange && tag == old.Tag && row.StopTimeoutSeconds == old.StopTimeoutSeconds;
        row.RestartPending = (row.RestartPending || !containerUnchanged)
            && row.Status is not (ServerStatuses.Deleted or ServerStatuses.Failed or ServerStatuses.Missing or ServerStatuses.Stopped);
        row.UpdatedAt = lifecycle.Now;
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(actor, "server.config", $"server:{row.Name}", details: ServerConfigDiff.Describe(stored, row, edited, old), ct: ct);
        if (crashChange)
        {
            await PushCrashPolicyAsync(row.AgentId, ct);
        }
        return row;
    }

    /// <summary>The typed settings end up in the container's environment too, so their values follow the same rules.</summary>
    internal static IEnumerable<string> ConfigProblems(ServerConfig config, string? profileId, bool checkEnv)
    {
        if (config.MaxPlayers is < 1 or > 100)
        {
            yield return "Max players must be between 1 and 100.";
        }
        foreach (var problem in config.CrashRestart?.Problems() ?? [])
        {
            yield return problem;
        }
        foreach (var (label, value) in new[] { ("The public name", config.PublicName), ("Mods", config.Mods), ("Workshop items", config.WorkshopItems), ("The world name", config.WorldName) })
        {
            if (ServerEnvRules.ValueProblem(label, value) is { } problem)
            {
                yield return problem;
            }
        }
        if (config.MaxRam is { Length: > 0 } ram && !System.Text.RegularExpressions.Regex.IsMatch(ram, "^[0-9]{1,7}[kKmMgG]?$"))
        {
            yield return $"Max RAM must be a number with an optional unit (e.g. 4096m or 6g); got '{ram[..Math.Min(ram.Length, 32)]}'.";
        }
        if (config.WorldName is { } world && (world.Contains('/') || world.Contains('\\') || world is "." or ".."))
        {
            yield return "The world name must not contain '/' or '\\' (it names a folder).";
        }
        foreach (var problem in checkEnv ? ServerEnvRules.EnvProblems(config.ExtraEnv, ImageProfiles.Find(profileId)) : [])
        {
            yield return problem;
        }
    }

    private async Task CheckPortsAsync(ServerEntity row, int game, int udp, int rcon, CancellationToken ct)
    {
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
    }

    /// <summary>The crash policy takes effect without a restart: a sync carries every server's policy to the agent. An
    /// offline agent gets it with the sync on its reconnect.</summary>
    private async Task PushCrashPolicyAsync(Guid agentId, CancellationToken ct)
    {
        try
        {
            await sync.SyncAgentAsync(agentId, ct);
        }
        catch (WireRequestException)
        {
            // Offline or busy: the sync on connect and the next start send it.
        }
    }

    private static bool EnvEqual(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        (a ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal)
            .SequenceEqual((b ?? new Dictionary<string, string>()).OrderBy(e => e.Key, StringComparer.Ordinal));

    /// <summary>For the UI: null on success, else a message for the user.</summary>
    public async Task<string?> SaveAsync(Guid id, UpdateServerRequest request, ClaimsPrincipal user, ClientInfo? client)
    {
        if (!ZedOps.Manager.Features.Auth.AdminRights.Has(user))
        {
            return "Only admins can change a server's configuration.";
        }
        try
        {
            await UpdateAsync(id, request, AuditActor.From(user, client), isAdmin: true, CancellationToken.None);
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
