using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Audit;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Containers;

public static class ContainerActions
{
    public const string Start = "start";
    public const string Stop = "stop";
    public const string Restart = "restart";
    public const string Kill = "kill";
}

/// <summary>Start/stop/restart/kill through the agent, with the timeout each needs and an audit row either way.
/// The API and the UI both act through this.</summary>
public sealed class ContainerControl(IAgentLink link, AuditLog audit)
{
    public const int DefaultGraceSeconds = 30;

    public async Task<ContainerSummary> RunAsync(Guid agentId, string containerId, string action, int? graceSeconds, AuditActor actor, CancellationToken ct)
    {
        var grace = TimeSpan.FromSeconds(graceSeconds ?? DefaultGraceSeconds);
        var (spec, timeout) = action switch
        {
            ContainerActions.Start => (Requests.StartContainer, Requests.StartContainer.DefaultTimeout),
            ContainerActions.Stop => (Requests.StopContainer, Requests.StopContainer.DefaultTimeout + grace),
            ContainerActions.Restart => (Requests.RestartContainer, Requests.RestartContainer.DefaultTimeout + grace),
            ContainerActions.Kill => (Requests.KillContainer, Requests.KillContainer.DefaultTimeout),
            _ => throw new WireRequestException(ErrorCodes.BadRequest, $"unknown action '{action}'"),
        };
        try
        {
            var result = await link.RequestAsync(agentId, spec, new ContainerAction(containerId, graceSeconds), timeout, ct);
            await audit.WriteAsync(actor, $"container.{action}", $"agent:{agentId}/container:{result.Container.Name}", ct: ct);
            return result.Container;
        }
        catch (WireRequestException ex)
        {
            await audit.WriteAsync(actor, $"container.{action}", $"agent:{agentId}/container:{containerId}", succeeded: false, details: ex.Code, ct: ct);
            throw;
        }
    }
}
