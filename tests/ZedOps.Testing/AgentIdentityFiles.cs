using ZedOps.Agent.Identity;
using ZedOps.Manager.Features.Agents;

namespace ZedOps.Testing;

public static class AgentIdentityFiles
{
    /// <summary>Writes a registered agent's identity into a fresh state dir, as the agent would after registering.</summary>
    public static string Write(ManagerHost manager, AgentRegistered agent)
    {
        var dir = Path.Combine(Path.GetTempPath(), "zedops-agent-" + Guid.NewGuid().ToString("N"));
        new AgentIdentityStore(dir).Save(new AgentIdentity(agent.AgentId, agent.AgentName, manager.BaseAddress.ToString(), agent.AgentToken));
        return dir;
    }
}
