using System.Globalization;
using System.Text.Json;
using NATS.Client.Core;
using ZedOps.Manager.Features.Agents;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Replicas;

/// <summary>
/// Multi-replica link: an agent whose socket is in this process is asked directly (the single-node path); any other is
/// asked over NATS on <c>zedops.agent.&lt;id&gt;.req</c>, which only the replica holding its socket subscribes to. No
/// responder means no replica holds it: <c>agent_offline</c>, as on one node. The request travels as a protocol envelope
/// (<see cref="EnvelopeCodec"/>), the caller's timeout in a header, so the holding replica applies the same limit.
/// </summary>
internal sealed class NatsAgentLink(LocalAgentLink local, AgentRegistry registry, ReplicaBus bus) : IAgentLink
{
    public const string TimeoutHeader = "zedops-timeout-ms";

    /// <summary>Margin over the caller's timeout so the holding replica's typed timeout arrives before ours.</summary>
    private static readonly TimeSpan s_margin = TimeSpan.FromSeconds(2);

    public bool IsOnline(Guid agentId) => local.IsOnline(agentId) || registry.IsOnlineElsewhere(agentId);

    public async Task<TResult> RequestAsync<TRequest, TResult>(Guid agentId, RequestSpec<TRequest, TResult> spec, TRequest request,
        TimeSpan? timeout = null, CancellationToken ct = default)
    {
        if (local.IsOnline(agentId))
        {
            return await local.RequestAsync(agentId, spec, request, timeout, ct);
        }
        var limit = timeout ?? spec.DefaultTimeout;
        var frame = EnvelopeCodec.Encode(spec.Subject, null, request, spec.RequestType);
        var headers = bus.Stamp();
        headers[TimeoutHeader] = ((long)limit.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        NatsMsg<byte[]> reply;
        try
        {
            reply = await bus.Connection.RequestAsync<byte[], byte[]>(ReplicaBus.AgentRequests(agentId), frame, headers,
                replyOpts: new NatsSubOpts { Timeout = limit + s_margin, ThrowIfNoResponders = true }, cancellationToken: ct);
        }
        catch (NatsNoRespondersException)
        {
            throw new WireRequestException(ErrorCodes.AgentOffline, "The agent is offline; it reconnects by itself when its host is back.");
        }
        catch (NatsNoReplyException)
        {
            throw new WireRequestException(ErrorCodes.Timeout, $"'{spec.Subject}' got no reply within {limit.TotalSeconds:0.###} s (via another replica)");
        }
        catch (NatsException ex)
        {
            throw new WireRequestException(ErrorCodes.AgentOffline, $"The replica holding the agent could not be reached: {ex.Message}");
        }
        var envelope = Decode(reply.Data, spec.Subject);
        if (envelope.Error is { } error)
        {
            throw new WireRequestException(error.Code, error.Message);
        }
        return EnvelopeCodec.DecodeData(envelope, spec.ResultType);
    }

    private static Envelope Decode(byte[]? data, string subject)
    {
        try
        {
            return EnvelopeCodec.Decode(data ?? []);
        }
        catch (JsonException)
        {
            throw new WireRequestException(ErrorCodes.Internal, $"'{subject}' got a malformed reply from another replica");
        }
    }
}
