using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using NATS.Client.Core;
using ZedOps.Manager.Features.Agents;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Replicas;

/// <summary>
/// Serves <c>zedops.agent.&lt;id&gt;.req</c> for every agent whose socket is in this process: subscribed when the agent
/// is ready, unsubscribed when it leaves, so "no responders" means exactly "no replica holds it". Each request is
/// relayed to the agent as it came (subject + JSON data) and the agent's reply or typed error goes back as an envelope.
/// </summary>
internal sealed partial class AgentRequestServer(AgentRegistry registry, LocalAgentLink local, ReplicaBus bus, ILogger<AgentRequestServer> logger)
    : BackgroundService
{
    private const string ReplySubject = "reply";
    private readonly ConcurrentDictionary<Guid, INatsSub<byte[]>> _subscriptions = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var (snapshot, changes) = registry.Subscribe(stoppingToken);
        foreach (var state in snapshot)
        {
            await ReconcileAsync(state.Id, stoppingToken);
        }
        try
        {
            await foreach (var state in changes.WithCancellation(stoppingToken))
            {
                await ReconcileAsync(state.Id, stoppingToken);
            }
        }
        finally
        {
            foreach (var id in _subscriptions.Keys)
            {
                await DropAsync(id);
            }
        }
    }

    public int Serving => _subscriptions.Count;

    private async Task ReconcileAsync(Guid agentId, CancellationToken ct)
    {
        var here = registry.Find(agentId) is not null;
        if (here && !_subscriptions.ContainsKey(agentId))
        {
            var sub = await bus.Connection.SubscribeCoreAsync<byte[]>(ReplicaBus.AgentRequests(agentId), cancellationToken: ct);
            _subscriptions[agentId] = sub;
            _ = ServeAsync(agentId, sub, ct);
        }
        else if (!here)
        {
            await DropAsync(agentId);
        }
    }

    private async Task DropAsync(Guid agentId)
    {
        if (_subscriptions.TryRemove(agentId, out var sub))
        {
            await sub.DisposeAsync();
        }
    }

    private async Task ServeAsync(Guid agentId, INatsSub<byte[]> sub, CancellationToken ct)
    {
        try
        {
            await foreach (var msg in sub.Msgs.ReadAllAsync(ct))
            {
                _ = AnswerAsync(agentId, msg, ct); // concurrent, as the agent handles requests concurrently
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task AnswerAsync(Guid agentId, NatsMsg<byte[]> msg, CancellationToken ct)
    {
        byte[] answer;
        try
        {
            var request = EnvelopeCodec.Decode(msg.Data ?? []);
            var timeout = msg.Headers is { } h && h.TryGetValue(NatsAgentLink.TimeoutHeader, out var ms)
                && long.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var millis) ? TimeSpan.FromMilliseconds(millis) : (TimeSpan?)null;
            var spec = new RequestSpec<JsonElement, JsonElement>(request.Subject, ReplicaJsonContext.Default.JsonElement, ReplicaJsonContext.Default.JsonElement,
                timeout ?? TimeSpan.FromSeconds(30));
            var result = await local.RequestAsync(agentId, spec, request.Data ?? default, timeout, ct);
            answer = EnvelopeCodec.Encode(ReplySubject, null, result, ReplicaJsonContext.Default.JsonElement);
        }
        catch (WireRequestException ex)
        {
            answer = EnvelopeCodec.EncodeError(ReplySubject, ex.Code, ex.Message);
        }
        catch (JsonException ex)
        {
            answer = EnvelopeCodec.EncodeError(ReplySubject, ErrorCodes.BadRequest, $"malformed request from another replica: {ex.Message}");
        }
        catch (OperationCanceledException)
        {
            answer = EnvelopeCodec.EncodeError(ReplySubject, ErrorCodes.AgentOffline, "the replica holding the agent is shutting down");
        }
        try
        {
            await msg.ReplyAsync(answer, cancellationToken: CancellationToken.None);
        }
        catch (NatsException ex)
        {
            LogReplyFailed(logger, agentId, ex.Message);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not send the reply of a relayed request for agent {AgentId}: {Reason}")]
    private static partial void LogReplyFailed(ILogger logger, Guid agentId, string reason);
}
