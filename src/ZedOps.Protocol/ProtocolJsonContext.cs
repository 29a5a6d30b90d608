using System.Text.Json.Serialization;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Rcon;
using ZedOps.Protocol.Servers;

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
[JsonSerializable(typeof(ListContainers))]
[JsonSerializable(typeof(ListContainersResult))]
[JsonSerializable(typeof(InspectContainer))]
[JsonSerializable(typeof(InspectContainerResult))]
[JsonSerializable(typeof(ContainerAction))]
[JsonSerializable(typeof(ContainerActionResult))]
[JsonSerializable(typeof(ContainerStateChanged))]
[JsonSerializable(typeof(SubscribeLogs))]
[JsonSerializable(typeof(SubscribeLogsResult))]
[JsonSerializable(typeof(UnsubscribeLogs))]
[JsonSerializable(typeof(UnsubscribeLogsResult))]
[JsonSerializable(typeof(LogLinesAppended))]
[JsonSerializable(typeof(ReadLogs))]
[JsonSerializable(typeof(ReadLogsResult))]
[JsonSerializable(typeof(CreateServer))]
[JsonSerializable(typeof(StartServer))]
[JsonSerializable(typeof(StopServer))]
[JsonSerializable(typeof(KillServer))]
[JsonSerializable(typeof(RemoveServer))]
[JsonSerializable(typeof(RebuildServer))]
[JsonSerializable(typeof(ServerActionResult))]
[JsonSerializable(typeof(ServerProgress))]
[JsonSerializable(typeof(ServerReady))]
[JsonSerializable(typeof(ServerInventory))]
[JsonSerializable(typeof(ServerInventoryResult))]
[JsonSerializable(typeof(CheckPorts))]
[JsonSerializable(typeof(CheckPortsResult))]
[JsonSerializable(typeof(ListAdoptable))]
[JsonSerializable(typeof(ListAdoptableResult))]
[JsonSerializable(typeof(AdoptableContainer))]
[JsonSerializable(typeof(AdoptServer))]
[JsonSerializable(typeof(ExecuteRcon))]
[JsonSerializable(typeof(ExecuteRconResult))]
[JsonSerializable(typeof(WatchPlayers))]
[JsonSerializable(typeof(WatchPlayersResult))]
[JsonSerializable(typeof(PlayersReported))]
[JsonSerializable(typeof(ModsUpdateChecked))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
