using System.Buffers.Binary;
using System.Text;

namespace ZedOps.PzSim.Rcon;

/// <summary>
/// One Source RCON packet: <c>int32 LE size | int32 id | int32 type | body | 0x00 0x00</c>, size counting everything after itself.
/// B41 answers every command with ONE packet of any length (no 4096-byte split), so the codec has no size ceiling
/// other than a sanity bound against garbage; B42's split is done by <see cref="RconSession"/>.
/// </summary>
internal readonly record struct RconPacket(int Id, int Type, string Body)
{
    public const int ResponseValue = 0;
    public const int ExecCommand = 2;
    public const int AuthResponse = 2;
    public const int Auth = 3;

    /// <summary>Largest size field accepted when reading (64 MiB): far above any real reply, small enough to refuse garbage.</summary>
    public const int MaxSize = 64 * 1024 * 1024;

    private const int HeaderSize = 12;

    public byte[] Encode() => EncodeRaw(Id, Type, Encoding.UTF8.GetBytes(Body));

    /// <summary>A packet around body bytes as they are (a B42 chunk may end inside a UTF-8 sequence).</summary>
    public static byte[] EncodeRaw(int id, int type, ReadOnlySpan<byte> body)
    {
        var bytes = new byte[HeaderSize + body.Length + 2];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, bytes.Length - 4);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), id);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), type);
        body.CopyTo(bytes.AsSpan(HeaderSize));
        return bytes;
    }

    /// <summary>Reads one packet; null at a clean end of stream before a packet starts.</summary>
    public static async ValueTask<RconPacket?> ReadAsync(Stream stream, CancellationToken ct)
    {
        var sizeBytes = new byte[4];
        if (!await FillAsync(stream, sizeBytes, allowEmpty: true, ct))
        {
            return null;
        }
        var size = BinaryPrimitives.ReadInt32LittleEndian(sizeBytes);
        if (size is < 10 or > MaxSize)
        {
            throw new InvalidDataException($"RCON packet size {size} is out of range");
        }
        var rest = new byte[size];
        await FillAsync(stream, rest, allowEmpty: false, ct);
        var id = BinaryPrimitives.ReadInt32LittleEndian(rest);
        var type = BinaryPrimitives.ReadInt32LittleEndian(rest.AsSpan(4));
        // Like PZ, the body is everything between the header and the two trailing bytes.
        var body = Encoding.UTF8.GetString(rest, 8, size - 10);
        return new RconPacket(id, type, body);
    }

    private static async ValueTask<bool> FillAsync(Stream stream, byte[] buffer, bool allowEmpty, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0)
            {
                return read == 0 && allowEmpty ? false : throw new EndOfStreamException("RCON stream ended inside a packet");
            }
            read += n;
        }
        return true;
    }
}
