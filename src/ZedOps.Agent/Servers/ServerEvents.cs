using ZedOps.Agent.Link;

namespace ZedOps.Agent.Servers;

/// <summary>Where server actions report their steps: the live manager connection, stamped by the agent's clock.</summary>
internal sealed class ServerEvents(ManagerChannel channel, TimeProvider time)
{
    public ActionSteps Begin(Guid serverId) => new(serverId, channel, time);
}
