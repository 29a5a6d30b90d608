using System.Security.Claims;
using ZedOps.Manager.Data;
using ZedOps.Manager.Data.Entities;

namespace ZedOps.Manager.Features.Audit;

/// <summary>Who did something and from where; built from an HTTP request or a Blazor circuit's user.</summary>
public sealed record AuditActor(Guid? UserId, string Name, string? RemoteIp, string? UserAgent)
{
    public static readonly AuditActor System = new(null, "system", null, null);

    public static AuditActor From(HttpContext http) => From(http.User, http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent.ToString());

    /// <summary>For actions in the web UI: the browser's address and user agent captured when the page was served.</summary>
    public static AuditActor From(ClaimsPrincipal user, ClientInfo? client) => From(user, client?.RemoteIp, client?.UserAgent ?? "web ui");

    public static AuditActor From(ClaimsPrincipal user, string? remoteIp, string? userAgent) => new(
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
        user.Identity?.Name ?? "anonymous",
        remoteIp,
        string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, 512)]);
}

/// <summary>Who is at the other end of a Blazor circuit (a circuit has no HTTP request of its own): captured from the
/// request that served the page and cascaded to every component.</summary>
public sealed record ClientInfo(string? RemoteIp, string? UserAgent);

public static class AuditActions
{
    public const string LoginSucceeded = "auth.login";
    public const string LoginFailed = "auth.login_failed";
    public const string Logout = "auth.logout";
    public const string ApiTokenCreated = "token.create";
    public const string ApiTokenRevoked = "token.revoke";
    public const string RegistrationTokenCreated = "agent.registration_token";
    public const string AgentRegistered = "agent.register";
    public const string AgentRegistrationRefused = "agent.register_refused";
    public const string AgentRevoked = "agent.revoke";
    public const string AgentUpdated = "agent.update";
}

/// <summary>Appends audit events. Details must never carry a secret; callers pass names and ids only.</summary>
public sealed class AuditLog(ZedOpsDbContext db, TimeProvider time)
{
    public async Task WriteAsync(AuditActor actor, string action, string? target, bool succeeded = true, string? details = null, CancellationToken ct = default)
    {
        db.AuditEvents.Add(new AuditEventEntity
        {
            At = time.GetUtcNow(),
            ActorId = actor.UserId,
            Actor = actor.Name,
            Action = action,
            Target = target,
            Details = details,
            Succeeded = succeeded,
            RemoteIp = actor.RemoteIp,
            UserAgent = actor.UserAgent,
        });
        await db.SaveChangesAsync(ct);
    }
}
