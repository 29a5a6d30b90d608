using System.Text.Json.Serialization;
using ZedOps.Protocol.Agents;

namespace ZedOps.Protocol;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Envelope))]
[JsonSerializable(typeof(ProtocolError))]
[JsonSerializable(typeof(Hello))]
[JsonSerializable(typeof(HelloRejected))]
[JsonSerializable(typeof(Heartbeat))]
[JsonSerializable(typeof(PingRequest))]
[JsonSerializable(typeof(PingResult))]
[JsonSerializable(typeof(AgentInfoRequest))]
[JsonSerializable(typeof(AgentInfoResult))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
