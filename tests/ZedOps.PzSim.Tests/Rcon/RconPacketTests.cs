using System.Buffers.Binary;
using System.Text;
using ZedOps.PzSim.Rcon;

namespace ZedOps.PzSim.Tests.Rcon;

public sealed class RconPacketTests
{
    [Fact]
    public void Encode_Command_UsesSourceFraming()
    {
        var bytes = new RconPacket(7, RconPacket.ExecCommand, "players").Encode();

        Assert.Equal(4 + 4 + 4 + 7 + 2, bytes.Length);
        Assert.Equal(bytes.Length - 4, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(7, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal("players", Encoding.ASCII.GetString(bytes, 12, 7));
        Assert.Equal([0, 0], bytes[^2..]);
    }

    [Fact]
    public async Task ReadAsync_EmptyBody_RoundTrips()
    {
        var packet = await RoundTripAsync(new RconPacket(-1, RconPacket.AuthResponse, ""));

        Assert.Equal(new RconPacket(-1, RconPacket.AuthResponse, ""), packet);
    }

    [Fact]
    public async Task ReadAsync_ReplyLongerThan4096Bytes_IsOnePacket()
    {
        var body = string.Join('\n', Enumerable.Range(0, 2000).Select(i => $"* Option{i}=value"));
        using var stream = new MemoryStream();
        stream.Write(new RconPacket(3, RconPacket.ResponseValue, body).Encode());
        stream.Write(new RconPacket(4, RconPacket.ResponseValue, "next").Encode());
        stream.Position = 0;

        var first = await RconPacket.ReadAsync(stream, CancellationToken.None).DefaultTimeout();
        var second = await RconPacket.ReadAsync(stream, CancellationToken.None).DefaultTimeout();

        Assert.True(Encoding.UTF8.GetByteCount(body) > 4096);
        Assert.Equal(body, first!.Value.Body);
        Assert.Equal("next", second!.Value.Body);
    }

    [Theory]
    [InlineData("Zoë")]
    [InlineData("Ærøskøbing 北京 🧟")]
    public async Task Encode_NonAsciiBody_SizeCountsUtf8Bytes(string name)
    {
        var packet = new RconPacket(1, RconPacket.ResponseValue, $"Players connected (1): \n-{name}\n");
        var bytes = packet.Encode();

        Assert.Equal(Encoding.UTF8.GetByteCount(packet.Body) + 10, BinaryPrimitives.ReadInt32LittleEndian(bytes));
        Assert.Equal(packet, await RoundTripAsync(packet));
    }

    [Fact]
    public async Task ReadAsync_ByteByByteStream_ReassemblesPacket()
    {
        var bytes = new RconPacket(9, RconPacket.ExecCommand, "servermsg \"hi\"").Encode();
        using var stream = new TrickleStream(bytes);

        var packet = await RconPacket.ReadAsync(stream, CancellationToken.None).DefaultTimeout();

        Assert.Equal("servermsg \"hi\"", packet!.Value.Body);
    }

    [Fact]
    public async Task ReadAsync_EndOfStreamBeforePacket_ReturnsNull()
    {
        using var stream = new MemoryStream();

        Assert.Null(await RconPacket.ReadAsync(stream, CancellationToken.None).DefaultTimeout());
    }

    [Fact]
    public async Task ReadAsync_TruncatedPacket_Throws()
    {
        var bytes = new RconPacket(1, RconPacket.ExecCommand, "save").Encode()[..9];
        using var stream = new MemoryStream(bytes);

        await Assert.ThrowsAsync<EndOfStreamException>(() => RconPacket.ReadAsync(stream, CancellationToken.None).AsTask()).DefaultTimeout();
    }

    [Theory]
    [InlineData(3)]
    [InlineData(-5)]
    [InlineData(RconPacket.MaxSize + 1)]
    public async Task ReadAsync_SizeOutOfRange_Throws(int size)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, size);
        using var stream = new MemoryStream(bytes);

        await Assert.ThrowsAsync<InvalidDataException>(() => RconPacket.ReadAsync(stream, CancellationToken.None).AsTask()).DefaultTimeout();
    }

    private static async Task<RconPacket> RoundTripAsync(RconPacket packet)
    {
        using var stream = new MemoryStream(packet.Encode());
        return (await RconPacket.ReadAsync(stream, CancellationToken.None).DefaultTimeout())!.Value;
    }

    /// <summary>Hands out one byte per read, as a slow TCP connection may.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(1, buffer.Length)], cancellationToken);
    }
}
