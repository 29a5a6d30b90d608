using System.Text.Json;
using System.Text.Json.Serialization;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Players;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;

namespace ZedOps.Manager.Features.Replicas;

/// <summary>An agent's state as the replica holding its socket saw it.</summary>
public sealed record ReplicaAgentState(string Replica, AgentLiveState State);

/// <summary>A change of <see cref="ServerActivity"/> on one replica, replayed on the others (entry, progress, or just "changed").</summary>
public sealed record ReplicaActivity(Guid ServerId, ServerActivityEntry? Entry, BackupProgressed? Progress);

/// <summary>Source-generated JSON for what replicas tell each other; agent payloads travel in the protocol's own context.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ReplicaAgentState))]
[JsonSerializable(typeof(ReplicaActivity))]
[JsonSerializable(typeof(PlayersSnapshot))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class ReplicaJsonContext : JsonSerializerContext;
