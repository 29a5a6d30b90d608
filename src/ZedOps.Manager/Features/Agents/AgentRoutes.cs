using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Agents;

/// <summary>A feature's part of the manager-side subject table: it adds handlers for the messages agents push to it.
/// Registered in DI (one per feature); the hub applies all of them to every connection.</summary>
public sealed record AgentRoutes(Action<MessageRouter, AgentConnection> Register);
