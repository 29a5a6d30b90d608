using System.Buffers.Binary;
using System.Text;

namespace ZedOps.Agent.Rcon;

/// <summary>One Source RCON packet: <c>int32 LE size | int32 id | int32 type | body | 0x00 0x00</c>; size counts
/// everything after itself. B41 answers a command with ONE packet of any length (no 4096-byte split), so reading has
/// no ceiling but a sanity bound against garbage; B42's 4086-byte chunks are joined by <see cref="ReplyAssembly"/>.</summary>
internal readonly record struct RconPacket(int Id, int Type, string Body)
{
    public const int ResponseValue = 0;
    public const int ExecCommand = 2;
    public const int AuthResponse = 2;
    public const int Auth = 3;

    public const int MaxSize = 64 * 1024 * 1024;

    private const int HeaderSize = 12;

    public byte[] Encode()
    {
        var bodyLength = Encoding.UTF8.GetByteCount(Body);
        var bytes = new byte[HeaderSize + bodyLength + 2];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, bytes.Length - 4);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Id);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), Type);
        Encoding.UTF8.GetBytes(Body, bytes.AsSpan(HeaderSize));
        return bytes;
    }

    /// <summary>Reads one packet; null when the peer closed the stream between packets.</summary>
    public static async ValueTask<RconPacket?> ReadAsync(Stream stream, CancellationToken ct) =>
        await ReadFrameAsync(stream, ct) is { } frame ? new RconPacket(frame.Id, frame.Type, Encoding.UTF8.GetString(frame.Body)) : null;

    /// <summary>Reads one packet with its body bytes as sent (a B42 chunk may end inside a UTF-8 sequence).</summary>
    public static async ValueTask<RconFrame?> ReadFrameAsync(Stream stream, CancellationToken ct)
    {
        var sizeBytes = new byte[4];
        if (!await FillAsync(stream, sizeBytes, ct))
        {
            return null;
        }
        var size = BinaryPrimitives.ReadInt32LittleEndian(sizeBytes);
        if (size is < 10 or > MaxSize)
        {
            throw new InvalidDataException($"RCON packet size {size} is out of range");
        }
        var rest = new byte[size];
        if (!await FillAsync(stream, rest, ct))
        {
            throw new EndOfStreamException("RCON stream ended inside a packet");
        }
        var id = BinaryPrimitives.ReadInt32LittleEndian(rest);
        var type = BinaryPrimitives.ReadInt32LittleEndian(rest.AsSpan(4));
        return new RconFrame(id, type, rest[8..^2]);
    }

    /// <summary>False when the stream ends before the first byte.</summary>
    private static async ValueTask<bool> FillAsync(Stream stream, byte[] buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0)
            {
                return read == 0 ? false : throw new EndOfStreamException("RCON stream ended inside a packet");
            }
            read += n;
        }
        return true;
    }
}

/// <summary>A packet as read, its body left as bytes.</summary>
internal sealed record RconFrame(int Id, int Type, byte[] Body);
