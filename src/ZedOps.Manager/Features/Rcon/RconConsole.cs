using Microsoft.EntityFrameworkCore;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Rcon;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Rcon;

public sealed record RconReply(Guid ServerId, string Command, string Reply, DateTimeOffset At);

/// <summary>
/// Runs an RCON command on a game server through its agent and audits it, with secrets redacted, whether it
/// succeeded or not. Only a running server is asked: while it starts (PZ opens RCON after the world loads) or when
/// it is stopped the caller gets rcon_unavailable with the reason at once.
/// </summary>
public sealed class RconConsole(ZedOpsDbContext db, IAgentLink link, ServerSpecs specs, AuditLog audit)
{
    public const string AuditAction = "server.rcon";
    public const int CommandTimeoutSeconds = 15;

    public async Task<RconReply> ExecuteAsync(Guid serverId, string? command, AuditActor actor, CancellationToken ct)
    {
        var server = await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == serverId, ct) ?? throw ServerCommandException.NotFound(serverId);
        var line = (command ?? "").Trim();
        if (line.Length == 0 || line.Length > 4_000 || line.Contains('\n', StringComparison.Ordinal))
        {
            throw ServerCommandException.Invalid("Invalid command", "An RCON command is one line of 1 to 4000 characters.");
        }
        if (line.Any(c => c > 127))
        {
            // PZ sizes its RCON reply by string length but writes UTF-8 bytes: non-ASCII text breaks the reply and the
            // client then waits for nothing (PZ.md). Refuse it plainly instead of timing out.
            throw ServerCommandException.Invalid("Non-ASCII text", "Project Zomboid's RCON cannot carry non-ASCII characters (accents, emoji); use plain ASCII.");
        }
        var redacted = RconRedaction.Redact(line);
        var target = $"server:{server.Name}";
        try
        {
            if (Unavailable(server) is { } reason)
            {
                throw new WireRequestException(ErrorCodes.RconUnavailable, reason);
            }
            var result = await link.RequestAsync(server.AgentId, Requests.ExecuteRcon,
                new ExecuteRcon(server.Id, server.Name, Endpoint(server), line, CommandTimeoutSeconds), TimeSpan.FromSeconds(CommandTimeoutSeconds + 10), ct);
            await audit.WriteAsync(actor, AuditAction, target, succeeded: true, details: redacted, ct: ct);
            return new RconReply(server.Id, redacted, result.Reply, result.At);
        }
        catch (WireRequestException ex)
        {
            // The refusal text may echo the command (and its secret); the audit keeps the code only.
            await audit.WriteAsync(actor, AuditAction, target, succeeded: false, details: $"{redacted} → {ex.Code}", ct: CancellationToken.None);
            throw;
        }
    }

    private Protocol.Servers.RconEndpoint? Endpoint(ServerEntity server) =>
        specs.Rcon(server) is { Port: > 0, Password.Length: > 0 } endpoint ? endpoint : null;

    private static string? Unavailable(ServerEntity server) => server.Status switch
    {
        ServerStatuses.Running => null,
        ServerStatuses.Starting or ServerStatuses.Restarting =>
            $"'{server.Name}' is still booting; PZ opens RCON only after the world has loaded.",
        _ => $"'{server.Name}' is {server.Status}; RCON needs a running server.",
    };
}
