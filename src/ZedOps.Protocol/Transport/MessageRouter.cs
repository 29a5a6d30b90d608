using Microsoft.Extensions.Logging;

namespace ZedOps.Protocol.Transport;

/// <summary>Maps subjects to typed handlers. Requests without a handler get <c>unknown_subject</c>; a handler's
/// <see cref="WireRequestException"/> becomes that typed error, anything else becomes <c>internal</c>.</summary>
public sealed class MessageRouter(ILogger logger)
{
    private readonly Dictionary<string, Func<Envelope, CancellationToken, ValueTask<byte[]>>> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<Envelope, CancellationToken, ValueTask>> _events = new(StringComparer.Ordinal);
    private Func<object, CancellationToken, ValueTask<object?>>? _eventFilter;

    /// <summary>Runs before every event listener with the decoded message and hands the listener what it returns: the
    /// message, a bounded copy of it, or null to drop it (the filter logs why). The manager uses it to refuse messages
    /// about servers the sending agent does not own and to bound what an agent can make it keep.</summary>
    public MessageRouter FilterEvents(Func<object, CancellationToken, ValueTask<object?>> filter)
    {
        _eventFilter = filter;
        return this;
    }

    public MessageRouter Handle<TRequest, TResult>(RequestSpec<TRequest, TResult> spec, Func<TRequest, CancellationToken, ValueTask<TResult>> handler)
    {
        _requests[spec.Subject] = async (envelope, ct) =>
        {
            var request = EnvelopeCodec.DecodeData(envelope, spec.RequestType);
            var result = await handler(request, ct).ConfigureAwait(false);
            return EnvelopeCodec.Encode(envelope.Reply!, null, result, spec.ResultType);
        };
        return this;
    }

    /// <summary>Adds a listener; several features may listen to the same event subject, in registration order.</summary>
    public MessageRouter On<T>(EventSpec<T> spec, Func<T, CancellationToken, ValueTask> handler)
    {
        Func<Envelope, CancellationToken, ValueTask> listener = async (envelope, ct) =>
        {
            var message = EnvelopeCodec.DecodeData(envelope, spec.Type);
            if (_eventFilter is null || message is null)
            {
                await handler(message, ct).ConfigureAwait(false);
            }
            else if (await _eventFilter(message, ct).ConfigureAwait(false) is T filtered)
            {
                await handler(filtered, ct).ConfigureAwait(false);
            }
        };
        if (_events.TryGetValue(spec.Subject, out var previous))
        {
            _events[spec.Subject] = async (envelope, ct) =>
            {
                await previous(envelope, ct).ConfigureAwait(false);
                await listener(envelope, ct).ConfigureAwait(false);
            };
        }
        else
        {
            _events[spec.Subject] = listener;
        }
        return this;
    }

    internal async ValueTask<byte[]> DispatchRequestAsync(Envelope request, CancellationToken ct)
    {
        var reply = request.Reply!;
        if (!_requests.TryGetValue(request.Subject, out var handler))
        {
            return EnvelopeCodec.EncodeError(reply, ErrorCodes.UnknownSubject, $"no handler for subject '{request.Subject}'");
        }
        try
        {
            return await handler(request, ct).ConfigureAwait(false);
        }
        catch (WireRequestException ex)
        {
            return EnvelopeCodec.EncodeError(reply, ex.Code, ex.Message);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return EnvelopeCodec.EncodeError(reply, ErrorCodes.ConnectionClosed, "connection is closing");
        }
        catch (Exception ex)
        {
            WireLog.HandlerFailed(logger, request.Subject, ex);
            return EnvelopeCodec.EncodeError(reply, ErrorCodes.Internal, $"'{request.Subject}' failed: {ex.Message}");
        }
    }

    internal async ValueTask DispatchEventAsync(Envelope message, CancellationToken ct)
    {
        if (!_events.TryGetValue(message.Subject, out var handler))
        {
            WireLog.UnknownEvent(logger, message.Subject);
            return;
        }
        try
        {
            await handler(message, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            WireLog.HandlerFailed(logger, message.Subject, ex);
        }
    }
}
