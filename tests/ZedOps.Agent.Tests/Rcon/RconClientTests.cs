using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ZedOps.Agent.Rcon;
using ZedOps.Protocol;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Rcon;

public sealed class RconClientTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public void Encode_Packet_SizeIdTypeBodyAndTwoNulls()
    {
        var bytes = new RconPacket(7, RconPacket.ExecCommand, "save").Encode();

        Assert.Equal(4 + 4 + 4 + 4 + 2, bytes.Length);
        Assert.Equal(bytes.Length - 4, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(7, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal("save", Encoding.UTF8.GetString(bytes, 12, 4));
        Assert.Equal(new byte[] { 0, 0 }, bytes[^2..]);
    }

    [Fact]
    public async Task ReadAsync_OneByteAtATime_ReassemblesPacket()
    {
        var body = new string('x', 10_000) + " Zoë";
        var stream = new TrickleStream([.. new RconPacket(42, RconPacket.ResponseValue, body).Encode(), .. new RconPacket(43, 0, "").Encode()]);

        var first = await RconPacket.ReadAsync(stream, CancellationToken.None).DefaultTimeout();
        var second = await RconPacket.ReadAsync(stream, CancellationToken.None).DefaultTimeout();
        var end = await RconPacket.ReadAsync(stream, CancellationToken.None).DefaultTimeout();

        Assert.Equal(new RconPacket(42, RconPacket.ResponseValue, body), first);
        Assert.Equal(43, second!.Value.Id);
        Assert.Null(end);
    }

    [Fact]
    public async Task ReadAsync_SizeOutOfRange_ThrowsInvalidData()
    {
        var stream = new MemoryStream([0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0]);
        await Assert.ThrowsAsync<InvalidDataException>(() => RconPacket.ReadAsync(stream, CancellationToken.None).AsTask()).DefaultTimeout();
    }

    [Fact]
    public async Task ExecuteAsync_Authenticated_ReturnsOneReplyOfAnyLength()
    {
        var longReply = "List Server Options:\n" + string.Concat(Enumerable.Range(0, 500).Select(i => $"* Key{i}=Value{i}\n"));
        await using var server = new FakeRconServer("s3cret") { Reply = c => c == "showoptions" ? longReply : "World saved" };
        await using var client = await RconClient.ConnectAsync(server.Port, "s3cret", TimeProvider.System, s_timeout, CancellationToken.None).DefaultTimeout();

        Assert.Equal("World saved", await client.ExecuteAsync("save", null, CancellationToken.None).DefaultTimeout());
        Assert.Equal(longReply, await client.ExecuteAsync("showoptions", null, CancellationToken.None).DefaultTimeout());
        Assert.Equal(["save", "showoptions"], server.Commands);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ConnectAsync_WrongPassword_ThrowsRconUnavailable(bool serverClosesSocket)
    {
        await using var server = new FakeRconServer("s3cret") { CloseOnWrongPassword = serverClosesSocket };

        var error = await Assert.ThrowsAsync<RconException>(() => RconClient.ConnectAsync(server.Port, "wrong", TimeProvider.System, s_timeout, CancellationToken.None)).DefaultTimeout();

        Assert.Equal(ErrorCodes.RconUnavailable, error.Code);
    }

    [Fact]
    public async Task ConnectAsync_NothingListening_ThrowsRconUnavailable()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var error = await Assert.ThrowsAsync<RconException>(() => RconClient.ConnectAsync(port, "x", TimeProvider.System, s_timeout, CancellationToken.None)).DefaultTimeout();

        Assert.Equal(ErrorCodes.RconUnavailable, error.Code);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_NoReply_TimesOutThenConnectionIsUnusable()
    {
        await using var server = new FakeRconServer("pw") { Reply = _ => null };
        await using var client = await RconClient.ConnectAsync(server.Port, "pw", TimeProvider.System, s_timeout, CancellationToken.None).DefaultTimeout();

        var timeout = await Assert.ThrowsAsync<RconException>(() => client.ExecuteAsync("save", TimeSpan.FromMilliseconds(200), CancellationToken.None)).DefaultTimeout();
        var after = await Assert.ThrowsAsync<RconException>(() => client.ExecuteAsync("players", null, CancellationToken.None)).DefaultTimeout();

        Assert.Equal(ErrorCodes.Timeout, timeout.Code);
        Assert.Contains("'save'", timeout.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.RconUnavailable, after.Code);
    }

    [Fact]
    public async Task ExecuteAsync_ConcurrentCalls_EachGetsItsOwnReply()
    {
        await using var server = new FakeRconServer("pw");
        await using var client = await RconClient.ConnectAsync(server.Port, "pw", TimeProvider.System, s_timeout, CancellationToken.None).DefaultTimeout();

        var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.ExecuteAsync($"c{i}", null, CancellationToken.None))).DefaultTimeout();

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"echo c{i}"), replies);
    }

    /// <summary>Hands out one byte per read, as a slow network might.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
