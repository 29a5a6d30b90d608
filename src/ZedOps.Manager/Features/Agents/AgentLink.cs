using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Agents;

/// <summary>The seam for talking to an agent: in-process on one node, through a message bus across replicas.</summary>
public interface IAgentLink
{
    bool IsOnline(Guid agentId);

    /// <summary>Sends a typed request and awaits its typed reply; failures are <see cref="WireRequestException"/> with a code
    /// from <see cref="ErrorCodes"/> (<c>agent_offline</c>, <c>timeout</c>, …).</summary>
    Task<TResult> RequestAsync<TRequest, TResult>(Guid agentId, RequestSpec<TRequest, TResult> spec, TRequest request,
        TimeSpan? timeout = null, CancellationToken ct = default);
}

/// <summary>Single-node link: the agent's socket lives in this process.</summary>
internal sealed class LocalAgentLink(AgentRegistry registry, Metrics.ManagerTelemetry telemetry, TimeProvider time) : IAgentLink
{
    public bool IsOnline(Guid agentId) => registry.Find(agentId) is not null;

    public async Task<TResult> RequestAsync<TRequest, TResult>(Guid agentId, RequestSpec<TRequest, TResult> spec, TRequest request,
        TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var connection = registry.Find(agentId)
            ?? throw new WireRequestException(ErrorCodes.AgentOffline, "The agent is offline; it reconnects by itself when its host is back.");
        var started = time.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await connection.Wire.RequestAsync(spec, request, timeout, ct);
            outcome = "ok";
            return result;
        }
        catch (WireRequestException ex) when (ex.Code == ErrorCodes.ConnectionClosed)
        {
            outcome = ErrorCodes.AgentOffline;
            throw new WireRequestException(ErrorCodes.AgentOffline, "The agent disconnected before it answered.");
        }
        catch (WireRequestException ex)
        {
            outcome = ex.Code;
            throw;
        }
        finally
        {
            telemetry.LinkRequestSeconds.WithLabels(spec.Subject, outcome).Observe(time.GetElapsedTime(started).TotalSeconds);
        }
    }
}
