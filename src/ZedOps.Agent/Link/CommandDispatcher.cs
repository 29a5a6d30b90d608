using Microsoft.Extensions.Logging;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Host;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Link;

/// <summary>The agent's table of request handlers: one line per subject it answers.</summary>
internal sealed class CommandDispatcher(HostProbe host, DockerProbe docker, TimeProvider time, ILogger<CommandDispatcher> logger)
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public MessageRouter CreateRouter() => new MessageRouter(logger)
        .Handle(Requests.Ping, (_, _) => ValueTask.FromResult(new PingResult(time.GetUtcNow())))
        .Handle(Requests.AgentInfo, async (_, ct) =>
            new AgentInfoResult(host.Describe(), host.Sample(), await docker.CheckAsync(ct), _startedAt));
}
