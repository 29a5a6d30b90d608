using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Features.Auth;
using ZedOps.Manager.Hosting;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Agents;

public sealed record CreateRegistrationTokenRequest(string? Name);

/// <summary><see cref="Command"/>: the one-line install when this manager serves an agent build, else <see cref="SourceCommand"/>
/// (from a clone of the repository, with the .NET SDK).</summary>
public sealed record RegistrationTokenResponse(string Token, DateTimeOffset ExpiresAt, string Command, string SourceCommand, bool NativeBuildAvailable);

public sealed record RegisterAgentRequest(string? Token, string? Name);

public sealed record AgentView(
    Guid Id, string Name, string Status, DateTimeOffset CreatedAt, DateTimeOffset? LastSeenAt, DateTimeOffset? ConnectedAt,
    string? Hostname, string? Os, string? AgentVersion, DockerStatus? Docker, HostMetrics? Metrics, AgentDownloads.AgentUpdateInfo Update);

public sealed record PingResponse(double RoundTripMs, DateTimeOffset AgentTime);

public static class AgentsEndpoints
{
    public static RouteGroupBuilder MapAgentsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/agents").RequireAuthorization().WithTags("Agents");
        group.MapPost("/registration-tokens", CreateRegistrationTokenAsync).RequireAuthorization(Policies.Admin);
        group.MapPost("/register", RegisterAgentAsync).AllowAnonymous().RequireRateLimiting(AuthServiceCollectionExtensions.LoginRateLimit);
        group.MapGet("/", ListAgentsAsync);
        group.MapGet("/{id:guid}", GetAgentAsync).RequireAgent(Capability.View);
        group.MapPost("/{id:guid}/ping", PingAgentAsync).RequireAgent(Capability.View);
        group.MapDelete("/{id:guid}", RevokeAgentAsync).RequireAuthorization(Policies.Admin);
        return group;
    }

    internal static async Task<Results<Ok<RegistrationTokenResponse>, ProblemHttpResult>> CreateRegistrationTokenAsync(
        CreateRegistrationTokenRequest? request, AgentRegistrations registrations, AgentDownloads.AgentReleases releases, IOptions<ManagerOptions> options, HttpContext http)
    {
        var name = string.IsNullOrWhiteSpace(request?.Name) ? null : request.Name.Trim();
        if (name is not null && !AgentNames.IsValid(name))
        {
            return TypedResults.Problem(statusCode: 400, title: "Invalid agent name", detail: $"'{name}' is not a valid agent name: {AgentNames.Rule}.");
        }
        var issued = await registrations.IssueTokenAsync(name, AuditActor.From(http), http.RequestAborted);
        var command = AgentCommand.For(AgentDownloads.AgentDownloadsEndpoints.ManagerUrl(http, options.Value), issued.Token, name, releases);
        return TypedResults.Ok(new RegistrationTokenResponse(issued.Token, issued.ExpiresAt, command.Primary, command.FromSource, command.Native));
    }

    internal static async Task<Results<Ok<AgentRegistered>, ProblemHttpResult>> RegisterAgentAsync(
        RegisterAgentRequest request, AgentRegistrations registrations, HttpContext http)
    {
        if (string.IsNullOrWhiteSpace(request.Token) || string.IsNullOrWhiteSpace(request.Name))
        {
            return TypedResults.Problem(statusCode: 400, title: "Missing fields", detail: "Send 'token' (the registration token) and 'name' (the agent's name).");
        }
        var (agent, failure) = await registrations.RegisterAsync(request.Token.Trim(), request.Name.Trim(), AuditActor.From(http), http.RequestAborted);
        if (agent is not null)
        {
            return TypedResults.Ok(agent);
        }
        var status = failure switch
        {
            RegistrationFailure.InvalidName => 400,
            RegistrationFailure.NameTaken => 409,
            _ => 401,
        };
        return TypedResults.Problem(statusCode: status, title: "Registration refused", detail: AgentRegistrations.Describe(failure),
            extensions: new Dictionary<string, object?> { ["reason"] = failure.ToString() });
    }

    internal static async Task<Ok<List<AgentView>>> ListAgentsAsync(
        ZedOpsDbContext db, AgentRegistry registry, AgentDownloads.AgentReleases releases, AccessControl access, ClaimsPrincipal user, CancellationToken ct)
    {
        var visible = await access.VisibleAsync(user, ct);
        var rows = (await db.Agents.AsNoTracking().Where(a => a.RevokedAt == null).ToListAsync(ct))
            .Where(a => visible is null || visible.Value.Agents.Contains(a.Id)).ToList();
        return TypedResults.Ok(rows.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => ToView(a, registry.State(a.Id), releases)).ToList());
    }

    internal static async Task<Results<Ok<AgentView>, ProblemHttpResult>> GetAgentAsync(
        Guid id, ZedOpsDbContext db, AgentRegistry registry, AgentDownloads.AgentReleases releases, CancellationToken ct)
    {
        var row = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.RevokedAt == null, ct);
        return row is null ? AgentNotFound(id) : TypedResults.Ok(ToView(row, registry.State(id), releases));
    }

    internal static async Task<Results<Ok<PingResponse>, ProblemHttpResult>> PingAgentAsync(Guid id, IAgentLink link, TimeProvider time, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await link.RequestAsync(id, Requests.Ping, new PingRequest(time.GetUtcNow()), ct: ct);
            return TypedResults.Ok(new PingResponse(Stopwatch.GetElapsedTime(started).TotalMilliseconds, result.AgentTime));
        }
        catch (WireRequestException ex)
        {
            return AgentProblems.From(ex);
        }
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> RevokeAgentAsync(Guid id, AgentRegistrations registrations, HttpContext http) =>
        await registrations.RevokeAsync(id, AuditActor.From(http), http.RequestAborted) ? TypedResults.NoContent() : AgentNotFound(id);

    internal static AgentView ToView(Data.Entities.AgentEntity a, AgentLiveState? live, AgentDownloads.AgentReleases releases) => new(
        a.Id, a.Name, live?.Status ?? AgentStatuses.Offline, a.CreatedAt, live?.LastSeenAt ?? a.LastSeenAt, live?.ConnectedAt,
        live?.Host?.Hostname ?? a.Hostname, live?.Host?.Os ?? a.Os, live?.Host?.AgentVersion ?? a.AgentVersion,
        live?.Docker ?? (a.DockerVersion is null ? null : new DockerStatus(false, a.DockerVersion, "agent offline")), live?.Metrics,
        releases.Describe(live?.Online == true ? live.Host : null));

    private static ProblemHttpResult AgentNotFound(Guid id) =>
        TypedResults.Problem(statusCode: 404, title: "Agent not found", detail: $"No agent with id {id} (it may have been revoked).");
}

internal sealed record AgentCommand(string Primary, string FromSource, bool Native)
{
    /// <summary>The one-line install (no SDK on the host) when a native build is published; the clone-and-run command otherwise.</summary>
    public static AgentCommand For(string managerUrl, string token, string? name, AgentDownloads.AgentReleases releases)
    {
        var url = managerUrl.TrimEnd('/');
        var agentName = name ?? "<agent-name>";
        var fromSource = $"./zedops-agent.sh --manager {url} --token {token} --name {agentName}";
        var native = AgentDownloads.AgentReleases.Rids.Any(rid => releases.Find(rid) is not null);
        return new AgentCommand(native ? $"curl -fsSL {url}/install.sh | sudo sh -s -- --token {token} --name {agentName}" : fromSource, fromSource, native);
    }
}

/// <summary>Maps typed wire errors to HTTP problem details a person can act on.</summary>
internal static class AgentProblems
{
    public static ProblemHttpResult From(WireRequestException ex) => ex.Code switch
    {
        ErrorCodes.AgentOffline => TypedResults.Problem(statusCode: 503, title: "Agent offline", detail: ex.Message, type: ex.Code),
        ErrorCodes.Timeout => TypedResults.Problem(statusCode: 504, title: "Agent did not answer in time", detail: ex.Message, type: ex.Code),
        ErrorCodes.BadRequest => TypedResults.Problem(statusCode: 400, title: "Bad request", detail: ex.Message, type: ex.Code),
        ErrorCodes.NotFound => TypedResults.Problem(statusCode: 404, title: "Not found", detail: ex.Message, type: ex.Code),
        ErrorCodes.Conflict => TypedResults.Problem(statusCode: 409, title: "Conflict", detail: ex.Message, type: ex.Code),
        ErrorCodes.DockerUnavailable => TypedResults.Problem(statusCode: 503, title: "Docker unavailable on the agent", detail: ex.Message, type: ex.Code),
        ErrorCodes.Busy => TypedResults.Problem(statusCode: 503, title: "Agent busy", detail: ex.Message, type: ex.Code),
        ErrorCodes.DiskFull => TypedResults.Problem(statusCode: 507, title: "Backup disk full", detail: ex.Message, type: ex.Code),
        ErrorCodes.BackupCorrupt => TypedResults.Problem(statusCode: 422, title: "Backup damaged", detail: ex.Message, type: ex.Code),
        ErrorCodes.BackupUnsafe => TypedResults.Problem(statusCode: 422, title: "Backup refused", detail: ex.Message, type: ex.Code),
        ErrorCodes.BackupOtherWorld => TypedResults.Problem(statusCode: 422, title: "Backup of another world", detail: ex.Message, type: ex.Code),
        ErrorCodes.BackupTargetFailed => TypedResults.Problem(statusCode: 502, title: "Backup target failed", detail: ex.Message, type: ex.Code),
        ErrorCodes.UpdateRefused => TypedResults.Problem(statusCode: 422, title: "Agent refused the update", detail: ex.Message, type: ex.Code),
        _ => TypedResults.Problem(statusCode: 502, title: "Agent error", detail: $"{ex.Code}: {ex.Message}", type: ex.Code),
    };
}
