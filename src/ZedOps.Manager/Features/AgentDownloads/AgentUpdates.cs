using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.AgentDownloads;

public static class UpdateStates
{
    public const string Current = "current";
    public const string Outdated = "outdated";
    /// <summary>Runs from source (dotnet): it reports no binary hash and cannot replace itself.</summary>
    public const string FromSource = "from_source";
    /// <summary>This manager serves no build for the agent's architecture.</summary>
    public const string NoBuild = "no_build";
    /// <summary>Offline, or has not said which binary it runs.</summary>
    public const string Unknown = "unknown";
}

/// <summary>How an agent's binary compares with the build this manager serves for its architecture.</summary>
public sealed record AgentUpdateInfo(string State, string? RunningSha256, string? AvailableVersion, string? AvailableSha256);

public sealed record AgentUpdateOutcome(Guid AgentId, string Name, string Outcome, string Detail, string? FromSha256, string? ToSha256);

/// <summary>Hands an agent the manager's build: signs the build's SHA256SUMS, asks the agent to update, and waits
/// until it is back online running the new binary (the agent rolls itself back if the new one cannot connect).</summary>
public sealed class AgentUpdates(IAgentLink link, AgentRegistry registry, AgentReleases releases, AgentSigningKey key, AuditLog audit, ILogger<AgentUpdates> logger)
{
    public static readonly TimeSpan BackOnlineWithin = TimeSpan.FromSeconds(90);

    public async Task<AgentUpdateOutcome> UpdateAsync(Guid agentId, AuditActor actor, CancellationToken ct)
    {
        var state = registry.State(agentId);
        var name = state?.Name ?? agentId.ToString();
        if (state is not { Online: true, Host: { } host })
        {
            throw new WireRequestException(ErrorCodes.AgentOffline, $"agent '{name}' is offline; it can be updated once it reconnects");
        }
        var info = releases.Describe(host);
        switch (info.State)
        {
            case UpdateStates.Current:
                return new AgentUpdateOutcome(agentId, name, UpdateStates.Current, $"already runs {info.AvailableVersion} ({info.RunningSha256![..12]})", info.RunningSha256, info.RunningSha256);
            case UpdateStates.FromSource:
                throw new WireRequestException(ErrorCodes.Conflict, $"agent '{name}' runs from source (dotnet), not as the native binary; install it with install.sh to update it from here");
            case UpdateStates.NoBuild:
                throw new WireRequestException(ErrorCodes.Conflict, $"this manager serves no {AgentReleases.RidFor(host.Architecture)} agent build (scripts/publish-agent.sh {AgentReleases.RidFor(host.Architecture)})");
        }
        var release = releases.Find(AgentReleases.RidFor(host.Architecture))!;
        await audit.WriteAsync(actor, AuditActions.AgentUpdated, $"agent:{name}", details: $"from={info.RunningSha256} to={release.Sha256} version={release.Version}", ct: ct);
        var request = new AgentUpdateRequest(release.Version, release.Sha256, release.Manifest, key.Sign(release.Manifest));
        var backOnline = WaitForBuildAsync(agentId, release.Sha256, ct);
        try
        {
            await link.RequestAsync(agentId, Requests.AgentUpdate, request, ct: ct);
        }
        catch (WireRequestException ex) when (ex.Code is ErrorCodes.ConnectionClosed or ErrorCodes.AgentOffline)
        {
            // The agent may drop the link a moment before its reply leaves: whether it came back with the new build decides.
            logger.LogInformation("Agent {Name} closed its link while updating ({Reason}); waiting for it to come back", name, ex.Message);
        }
        if (!await backOnline)
        {
            throw new WireRequestException(ErrorCodes.Timeout,
                $"agent '{name}' accepted build {release.Sha256[..12]} but was not back online running it within {BackOnlineWithin.TotalSeconds:0} s; if the new build cannot reach the manager the agent restores its previous one by itself");
        }
        return new AgentUpdateOutcome(agentId, name, "updated", $"back online running {release.Version} ({release.Sha256[..12]})", info.RunningSha256, release.Sha256);
    }

    private async Task<bool> WaitForBuildAsync(Guid agentId, string sha256, CancellationToken ct)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(BackOnlineWithin);
        var (_, changes) = registry.Subscribe(bound.Token);
        static bool Runs(AgentLiveState s, string sha) => s is { Online: true, Host.BuildSha256: var running } && running == sha;
        try
        {
            await foreach (var change in changes.WithCancellation(bound.Token))
            {
                if (change.Id == agentId && Runs(change, sha256))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
        return false;
    }
}
