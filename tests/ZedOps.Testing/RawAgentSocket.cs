using Xunit;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Transport;

namespace ZedOps.Testing;

/// <summary>A hand-driven agent socket for protocol-level tests: sends exact frames and reads raw replies.</summary>
public sealed class RawAgentSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;

    private RawAgentSocket(ClientWebSocket socket) => _socket = socket;

    public WebSocket Socket => _socket;

    public static async Task<RawAgentSocket> ConnectAsync(Uri manager, string agentToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {agentToken}");
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(SocketUri(manager), CancellationToken.None).DefaultTimeout();
        return new RawAgentSocket(socket);
    }

    /// <summary>Tries to connect and returns the HTTP status of the refused upgrade.</summary>
    public static async Task<HttpStatusCode> ConnectExpectingRefusalAsync(Uri manager, string? agentToken)
    {
        using var socket = new ClientWebSocket();
        if (agentToken is not null)
        {
            socket.Options.SetRequestHeader("Authorization", $"Bearer {agentToken}");
        }
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(SocketUri(manager), CancellationToken.None)).DefaultTimeout();
        return socket.HttpStatusCode;
    }

    public static Uri SocketUri(Uri manager) => new UriBuilder(manager) { Scheme = manager.Scheme == "https" ? "wss" : "ws", Path = "/ws/agent" }.Uri;

    public Task SendTextAsync(string text) => SendBytesAsync(Encoding.UTF8.GetBytes(text));

    public Task SendBytesAsync(byte[] bytes) => _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None).DefaultTimeout();

    public Task SendEventAsync<T>(EventSpec<T> spec, T data) => SendBytesAsync(EnvelopeCodec.Encode(spec.Subject, null, data, spec.Type));

    public Task SendHelloAsync(string version = "") => SendBytesAsync(EnvelopeCodec.Encode(Subjects.Hello, null,
        new Hello(version.Length == 0 ? ProtocolVersion.Current : version, PeerRoles.Agent, "test", [],
            new HostInfo("test-host", "TestOS", "0", "x64", 1, "test", "/tmp")), ProtocolJsonContext.Default.Hello));

    /// <summary>Reads the next frame as an envelope, or null when the socket closed.</summary>
    public async Task<Envelope?> ReceiveAsync()
    {
        var buffer = new byte[1 << 20];
        var count = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None).AsTask().DefaultTimeout();
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            count += result.Count;
            if (result.EndOfMessage)
            {
                return JsonSerializer.Deserialize(buffer.AsSpan(0, count), ProtocolJsonContext.Default.Envelope);
            }
        }
    }

    /// <summary>Reads frames until one with the subject arrives (skipping others); null if the socket closed first.</summary>
    public async Task<Envelope?> ReceiveSubjectAsync(string subject)
    {
        while (await ReceiveAsync() is { } envelope)
        {
            if (envelope.Subject == subject)
            {
                return envelope;
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "test done", timeout.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _socket.Dispose();
    }
}
