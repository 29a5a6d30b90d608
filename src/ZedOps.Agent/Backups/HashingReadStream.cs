using System.Security.Cryptography;

namespace ZedOps.Agent.Backups;

/// <summary>Reads exactly <c>length</c> bytes of a file into a tar entry while hashing them. The length is the one
/// the tar header promised: a file that shrinks while it is copied is an error, and bytes appended after the header
/// was written are left out (they belong to the next save anyway).</summary>
internal sealed class HashingReadStream(Stream inner, long length) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set
        {
            if (value != _position)
            {
                throw new NotSupportedException("a backup source is read once, front to back");
            }
        }
    }

    public string Sha256() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var want = (int)Math.Min(buffer.Length, length - _position);
        if (want == 0)
        {
            return 0;
        }
        var read = inner.Read(buffer[..want]);
        return Account(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var want = (int)Math.Min(buffer.Length, length - _position);
        if (want == 0)
        {
            return 0;
        }
        var read = await inner.ReadAsync(buffer[..want], cancellationToken);
        return Account(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Account(ReadOnlySpan<byte> read)
    {
        if (read.Length == 0)
        {
            throw new BackupException(BackupException.Changed, $"a file shrank while it was copied ({_position} of {length} bytes)");
        }
        _hash.AppendData(read);
        _position += read.Length;
        return read.Length;
    }

    public override long Seek(long offset, SeekOrigin origin) =>
        origin == SeekOrigin.Begin && offset == _position ? _position : throw new NotSupportedException("a backup source is read once, front to back");

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
