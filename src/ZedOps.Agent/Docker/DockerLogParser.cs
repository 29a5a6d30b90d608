using System.Buffers.Binary;
using ZedOps.Protocol.Containers;

namespace ZedOps.Agent.Docker;

/// <summary>Turns the raw body of Docker's <c>/containers/{id}/logs?timestamps=1</c> into <see cref="LogLine"/>s.
/// Multiplexed bodies are frames of an 8-byte header (stream, 0, 0, 0, big-endian length) and a payload; a TTY
/// container's body is one raw stream (all stdout). Docker writes one log message per frame, prefixed with its
/// RFC3339Nano timestamp and a space; a message longer than 16 KB is split into several frames, only the last ending
/// in '\n', so a line may span frames and chunks may end anywhere. Only the text of a line is allocated.</summary>
internal sealed class DockerLogParser
{
    private const int HeaderSize = 8;

    private readonly bool _multiplexed;
    private readonly DateTimeOffset? _since;
    private readonly LogLineAssembler _stdout = new(LogStreams.Stdout);
    private readonly LogLineAssembler _stderr = new(LogStreams.Stderr);
    private readonly byte[] _header = new byte[HeaderSize];
    private int _headerLength;
    private long _frameRemaining;
    private LogLineAssembler _current;

    /// <param name="since">Lines at or before this instant are dropped (Docker's own <c>since</c> is inclusive).</param>
    public DockerLogParser(bool multiplexed, DateTimeOffset? since = null)
    {
        _multiplexed = multiplexed;
        _since = since;
        _current = _stdout;
        if (!multiplexed)
        {
            _current.BeginSegment();
        }
    }

    /// <summary>Parses the next bytes of the body (any length, cut anywhere); completed lines are added to <paramref name="output"/>.</summary>
    public void Feed(ReadOnlySpan<byte> data, List<LogLine> output)
    {
        if (!_multiplexed)
        {
            _current.Consume(data, tty: true, _since, output);
            return;
        }
        while (!data.IsEmpty)
        {
            if (_frameRemaining == 0)
            {
                var take = Math.Min(HeaderSize - _headerLength, data.Length);
                data[..take].CopyTo(_header.AsSpan(_headerLength));
                _headerLength += take;
                data = data[take..];
                if (_headerLength < HeaderSize)
                {
                    return;
                }
                _headerLength = 0;
                StartFrame();
                continue;
            }
            var n = (int)Math.Min(_frameRemaining, data.Length);
            _current.Consume(data[..n], tty: false, _since, output);
            _frameRemaining -= n;
            data = data[n..];
        }
    }

    /// <summary>The body ended: a last line without '\n' is still a line.</summary>
    public void Complete(List<LogLine> output)
    {
        _stdout.Flush(_since, output);
        _stderr.Flush(_since, output);
    }

    private void StartFrame()
    {
        if (_header[1] != 0 || _header[2] != 0 || _header[3] != 0)
        {
            throw new InvalidDataException($"not a multiplexed Docker log stream (frame header {Convert.ToHexString(_header)})");
        }
        // 0 = stdin (never in logs), 1 = stdout, 2 = stderr, 3 = daemon error text (treated as stderr).
        _current = _header[0] >= 2 ? _stderr : _stdout;
        _frameRemaining = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4));
        _current.BeginSegment();
    }
}
