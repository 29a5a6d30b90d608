using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace ZedOps.Protocol.Transport;

public sealed partial class WireConnection
{
    private async Task<WireCloseInfo?> ReadLoopAsync(CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (count == buffer.Length)
                    {
                        if (buffer.Length >= _options.MaxFrameBytes + 1)
                        {
                            return Violate($"frame exceeds the {_options.MaxFrameBytes}-byte limit");
                        }
                        buffer = Grow(buffer, Math.Min(buffer.Length * 2, _options.MaxFrameBytes + 1));
                    }
                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), ct).ConfigureAwait(false);
                    count += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return new WireCloseInfo(_socket.CloseStatus, _socket.CloseStatusDescription, ByPeer: true);
                }
                if (count > _options.MaxFrameBytes)
                {
                    return Violate($"frame exceeds the {_options.MaxFrameBytes}-byte limit");
                }
                if (result.MessageType != WebSocketMessageType.Text)
                {
                    return Violate("binary frames are not part of the protocol");
                }
                Interlocked.Exchange(ref _lastReceivedTicks, _time.GetUtcNow().UtcTicks);

                Envelope envelope;
                try
                {
                    envelope = EnvelopeCodec.Decode(buffer.AsSpan(0, count));
                }
                catch (JsonException ex)
                {
                    return Violate($"malformed frame: {ex.Message}");
                }
                await DispatchAsync(envelope, ct).ConfigureAwait(false);
            }
            return null;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            WireLog.ReaderStopped(_logger, ex.Message);
            return ex is OperationCanceledException ? null : new WireCloseInfo(WebSocketCloseStatus.EndpointUnavailable, ex.Message, ByPeer: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask DispatchAsync(Envelope envelope, CancellationToken ct)
    {
        if (envelope.IsReply)
        {
            if (_pending.TryRemove(envelope.Subject, out var reply))
            {
                reply.TrySetResult(envelope);
            }
            else
            {
                WireLog.LateReply(_logger, envelope.Subject);
            }
            return;
        }
        if (envelope.Reply is not null)
        {
            // Requests run concurrently so a slow one never blocks the reader (the per-server lock lives in the handler),
            // up to a bound: past it the peer gets a typed "busy" at once instead of one more task in memory.
            if (Interlocked.Increment(ref _answering) > _options.MaxConcurrentRequests)
            {
                Interlocked.Decrement(ref _answering);
                var reply = envelope.Reply.StartsWith(Subjects.InboxPrefix, StringComparison.Ordinal) ? envelope.Reply : Subjects.InboxPrefix + "invalid";
                await EnqueueAsync(EnvelopeCodec.EncodeError(reply, ErrorCodes.Busy,
                    $"more than {_options.MaxConcurrentRequests} requests are in flight on this connection; retry when one has been answered"), ct).ConfigureAwait(false);
                return;
            }
            _ = AnswerAsync(envelope, ct);
            return;
        }
        // Events are handled in arrival order (console lines, state changes) on the reader itself.
        await _router.DispatchEventAsync(envelope, ct).ConfigureAwait(false);
    }

    private async Task AnswerAsync(Envelope request, CancellationToken ct)
    {
        try
        {
            if (!request.Reply!.StartsWith(Subjects.InboxPrefix, StringComparison.Ordinal))
            {
                await EnqueueAsync(EnvelopeCodec.EncodeError(Subjects.InboxPrefix + "invalid", ErrorCodes.BadRequest, "reply must be an inbox subject"), ct).ConfigureAwait(false);
                return;
            }
            var frame = await _router.DispatchRequestAsync(request, ct).ConfigureAwait(false);
            if (frame.Length > _options.MaxFrameBytes)
            {
                frame = EnvelopeCodec.EncodeError(request.Reply, ErrorCodes.FrameTooLarge, $"reply to '{request.Subject}' exceeds the {_options.MaxFrameBytes}-byte limit");
            }
            await EnqueueAsync(frame, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WireRequestException or OperationCanceledException)
        {
            WireLog.ReplyDropped(_logger, request.Subject, ex.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _answering);
        }
    }

    private WireCloseInfo Violate(string reason)
    {
        WireLog.PolicyViolation(_logger, reason);
        _localCloseStatus ??= WebSocketCloseStatus.PolicyViolation;
        _localCloseReason ??= reason;
        return new WireCloseInfo(WebSocketCloseStatus.PolicyViolation, reason, ByPeer: false);
    }

    private static byte[] Grow(byte[] buffer, int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan().CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }
}
