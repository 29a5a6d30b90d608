using ZedOps.Manager.Features.Agents;
using ZedOps.Protocol;

namespace ZedOps.Manager.Features.Containers;

internal static class ContainerRoutes
{
    /// <summary>Container state events and console batches pushed by agents.</summary>
    public static AgentRoutes Create(IServiceProvider services)
    {
        var fleet = services.GetRequiredService<ContainerFleet>();
        var logs = services.GetRequiredService<ContainerLogHub>();
        var consoleLines = services.GetRequiredService<Metrics.ManagerTelemetry>().ConsoleLines;
        return new AgentRoutes((router, connection) => router
            .On(Events.ContainerStateChanged, (change, _) =>
            {
                fleet.Apply(connection.AgentId, change);
                return ValueTask.CompletedTask;
            })
            .On(Events.LogLinesAppended, (batch, _) =>
            {
                consoleLines.Inc(batch.Lines.Count);
                logs.Deliver(connection.AgentId, batch);
                return ValueTask.CompletedTask;
            }));
    }
}
