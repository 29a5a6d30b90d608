using ZedOps.Agent.Docker;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;

namespace ZedOps.Agent.Host;

/// <summary>What the agent tells the manager about its host: facts in the hello, metrics and Docker state in heartbeats.</summary>
internal sealed class HostReport(HostProbe probe, IContainerRuntime docker, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Capabilities = ["ping", "agent.info", "heartbeat.metrics", "containers", "console.logs", "container.events"];

    public async Task<Hello> HelloAsync(CancellationToken ct) =>
        new(ProtocolVersion.Current, PeerRoles.Agent, AgentVersion.Current, Capabilities, probe.Describe(), await docker.CheckAsync(ct));

    public async Task<Heartbeat> HeartbeatAsync(CancellationToken ct) =>
        new(time.GetUtcNow(), probe.Sample(), await docker.CheckAsync(ct));

    /// <summary>Primes the CPU counter so the first heartbeat carries a real delta.</summary>
    public void Prime() => probe.Sample();
}
