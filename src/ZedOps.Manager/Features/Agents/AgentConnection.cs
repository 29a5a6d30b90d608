using System.Net.WebSockets;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Agents;

/// <summary>One live agent socket, after authentication. The hub owns its lifetime; the registry hands it to callers.</summary>
public sealed class AgentConnection(Guid agentId, string agentName, WireConnection wire, DateTimeOffset connectedAt)
{
    public Guid AgentId { get; } = agentId;
    public string AgentName { get; } = agentName;
    public WireConnection Wire { get; } = wire;
    public DateTimeOffset ConnectedAt { get; } = connectedAt;

    /// <summary>True once the agent's hello was accepted; requests wait for it.</summary>
    public bool Ready { get; set; }

    public void Close(WebSocketCloseStatus status, string reason) => Wire.Close(status, reason);
}
