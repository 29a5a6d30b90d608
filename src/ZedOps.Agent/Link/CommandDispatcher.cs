using Microsoft.Extensions.Logging;
using ZedOps.Agent.Console;
using ZedOps.Agent.Containers;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Host;
using ZedOps.Agent.Players;
using ZedOps.Agent.Rcon;
using ZedOps.Agent.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Link;

/// <summary>The agent's table of request handlers: one line per subject it answers.</summary>
internal sealed class CommandDispatcher(
    HostProbe host, IContainerRuntime runtime, ContainerCommands containers, ConsoleStreams consoles, TimeProvider time, ILogger<CommandDispatcher> logger,
    ServerSupervisor servers, RconCommands rcon, PlayerWatches players, Backups.BackupCommands backups,
    Backups.Targets.TargetCommands targets, Backups.BackupTransfers transfers, Update.SelfUpdater updater,
    Settings.ServerFiles files)
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public MessageRouter CreateRouter() => files.Register(updater.Register(transfers.Register(targets.Register(backups.Register(players.Register(rcon.Register(servers.Register(containers.Register(new MessageRouter(logger))))))))))
        .Handle(Requests.Ping, (_, _) => ValueTask.FromResult(new PingResult(time.GetUtcNow())))
        .Handle(Requests.AgentInfo, async (_, ct) => new AgentInfoResult(host.Describe(), host.Sample(), await runtime.CheckAsync(ct), _startedAt))
        .Handle(Requests.SubscribeLogs, async (req, ct) => await consoles.SubscribeAsync(req, ct))
        .Handle(Requests.UnsubscribeLogs, async (req, _) => new Protocol.Containers.UnsubscribeLogsResult(await consoles.UnsubscribeAsync(req.SubscriptionId)))
        .Handle(Requests.ReadLogs, async (req, ct) => await consoles.ReadAsync(req, ct));
}
