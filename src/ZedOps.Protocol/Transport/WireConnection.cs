using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ZedOps.Protocol.Transport;

/// <summary>
/// One WebSocket speaking the envelope protocol: exactly one reader loop and one writer loop draining a bounded queue
/// (the shape of aspnetcore's WebSocketsServerTransport). Requests are correlated through inbox subjects and always end
/// in a reply, a typed timeout or a typed "connection closed" — never a hang.
/// </summary>
public sealed partial class WireConnection
{
    private static long s_connectionIds;

    private readonly WebSocket _socket;
    private readonly MessageRouter _router;
    private readonly WireOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _outgoing;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Envelope>> _pending = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _inboxPrefix;
    private long _nextRequestId;
    private long _lastReceivedTicks;
    private int _answering;
    private WebSocketCloseStatus? _localCloseStatus;
    private string? _localCloseReason;

    public WireConnection(WebSocket socket, MessageRouter router, WireOptions options, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        _router = router;
        _options = options;
        _time = time;
        _logger = logger;
        _outgoing = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(options.SendQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _inboxPrefix = $"{Subjects.InboxPrefix}{Interlocked.Increment(ref s_connectionIds):x}.";
        _lastReceivedTicks = time.GetUtcNow().UtcTicks;
    }

    /// <summary>When the last frame (of any kind) arrived; liveness checks compare it with the heartbeat interval.</summary>
    public DateTimeOffset LastReceivedAt => new(Interlocked.Read(ref _lastReceivedTicks), TimeSpan.Zero);

    public int PendingRequests => _pending.Count;

    /// <summary>Runs the reader and writer until the socket closes; returns how it closed.</summary>
    public async Task<WireCloseInfo> RunAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stopping.Token);
        var reader = ReadLoopAsync(linked.Token);
        var writer = WriteLoopAsync(linked.Token);
        WireCloseInfo? closeInfo = null;
        if (await Task.WhenAny(reader, writer).ConfigureAwait(false) == writer)
        {
            // Local close: the queue was drained (a last "hello.rejected" still goes out); send the close frame and give
            // the peer CloseTimeout to answer it before the socket is torn down.
            await CloseSocketAsync().ConfigureAwait(false);
            await ((Task)reader).WaitAsync(_options.CloseTimeout, _time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        else
        {
            closeInfo = await reader.ConfigureAwait(false);
            _outgoing.Writer.TryComplete();
            await CloseSocketAsync().ConfigureAwait(false);
        }
        await linked.CancelAsync().ConfigureAwait(false);
        FailPending();
        await Task.WhenAll(reader, writer).WaitAsync(_options.CloseTimeout, _time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return closeInfo ?? new WireCloseInfo(_localCloseStatus ?? _socket.CloseStatus, _localCloseReason ?? _socket.CloseStatusDescription, ByPeer: false);
    }

    public async Task<TResult> RequestAsync<TRequest, TResult>(
        RequestSpec<TRequest, TResult> spec, TRequest request, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var inbox = _inboxPrefix + Interlocked.Increment(ref _nextRequestId).ToString("x", null);
        var frame = EnvelopeCodec.Encode(spec.Subject, inbox, request, spec.RequestType);
        var reply = new TaskCompletionSource<Envelope>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[inbox] = reply;
        var limit = timeout ?? spec.DefaultTimeout;
        try
        {
            await EnqueueAsync(frame, ct).ConfigureAwait(false);
            var envelope = await reply.Task.WaitAsync(limit, _time, ct).ConfigureAwait(false);
            if (envelope.Error is { } error)
            {
                throw new WireRequestException(error.Code, error.Message);
            }
            return EnvelopeCodec.DecodeData(envelope, spec.ResultType);
        }
        catch (TimeoutException)
        {
            throw new WireRequestException(ErrorCodes.Timeout, $"'{spec.Subject}' got no reply within {limit.TotalSeconds:0.###} s");
        }
        finally
        {
            _pending.TryRemove(inbox, out _);
        }
    }

    public ValueTask PublishAsync<T>(EventSpec<T> spec, T data, CancellationToken ct = default) =>
        EnqueueAsync(EnvelopeCodec.Encode(spec.Subject, null, data, spec.Type), ct);

    /// <summary>Stops accepting frames, lets the writer drain what is queued, then closes the socket with the given
    /// status; <see cref="RunAsync"/> then returns. A stalled peer is cut off after the close timeout.</summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        _localCloseStatus ??= status;
        _localCloseReason ??= reason;
        _outgoing.Writer.TryComplete();
        try
        {
            _stopping.CancelAfter(_options.CloseTimeout);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async ValueTask EnqueueAsync(byte[] frame, CancellationToken ct)
    {
        if (frame.Length > _options.MaxFrameBytes)
        {
            throw new WireRequestException(ErrorCodes.FrameTooLarge, $"frame of {frame.Length} bytes exceeds the {_options.MaxFrameBytes}-byte limit");
        }
        try
        {
            await _outgoing.Writer.WriteAsync(frame, ct).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new WireRequestException(ErrorCodes.ConnectionClosed, "the connection is closed");
        }
    }

    private async Task WriteLoopAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var frame in _outgoing.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                await _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            WireLog.WriterStopped(_logger, ex.Message);
        }
    }

    private void FailPending()
    {
        foreach (var (inbox, reply) in _pending)
        {
            if (_pending.TryRemove(inbox, out _))
            {
                reply.TrySetException(new WireRequestException(ErrorCodes.ConnectionClosed, "the connection closed before a reply arrived"));
            }
        }
    }

    private async Task CloseSocketAsync()
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        if (_socket.State == WebSocketState.CloseReceived && _localCloseStatus is null)
        {
            // Echo the peer's close, as RFC 6455 asks.
            _localCloseStatus = _socket.CloseStatus;
            _localCloseReason = _socket.CloseStatusDescription;
        }
        using var timeout = new CancellationTokenSource(_options.CloseTimeout, _time);
        try
        {
            await _socket.CloseOutputAsync(_localCloseStatus ?? WebSocketCloseStatus.NormalClosure, Truncate(_localCloseReason ?? "closing"), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            _socket.Abort();
        }
    }

    // RFC 6455 limits a close reason to 123 bytes of UTF-8.
    private static string Truncate(string reason) => reason.Length <= 120 ? reason : reason[..120];

    internal static JsonTypeInfo<Envelope> EnvelopeType => ProtocolJsonContext.Default.Envelope;
}

public sealed record WireCloseInfo(WebSocketCloseStatus? Status, string? Reason, bool ByPeer);
