using System.Text;
using ZedOps.Protocol.Containers;

namespace ZedOps.Agent.Docker;

/// <summary>One stream's line under construction. A segment (a frame, or a TTY line) starts with a timestamp;
/// a line keeps the timestamp of the segment it began in.</summary>
internal sealed class LogLineAssembler(string stream)
{
    private const int MaxTimestampLength = 40;
    private const int MaxLineBytes = 1 << 20;

    private readonly byte[] _timestamp = new byte[MaxTimestampLength];
    private byte[] _pending = new byte[512];
    private int _timestampLength;
    private int _pendingLength;
    private bool _readingTimestamp;
    private bool _lineOpen;
    private DateTimeOffset _segmentAt;
    private DateTimeOffset _lineAt;

    public void BeginSegment()
    {
        _readingTimestamp = true;
        _timestampLength = 0;
    }

    public void Consume(ReadOnlySpan<byte> data, bool tty, DateTimeOffset? since, List<LogLine> output)
    {
        while (!data.IsEmpty)
        {
            if (_readingTimestamp)
            {
                data = ConsumeTimestamp(data);
                continue;
            }
            if (!_lineOpen)
            {
                _lineAt = _segmentAt;
                _lineOpen = true;
            }
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                Append(data);
                if (_pendingLength >= MaxLineBytes)
                {
                    // A process writing megabytes without a newline must not grow this buffer without bound.
                    Emit(_pending.AsSpan(0, _pendingLength), since, output);
                    _pendingLength = 0;
                }
                return;
            }
            if (_pendingLength == 0)
            {
                Emit(data[..newline], since, output);
            }
            else
            {
                Append(data[..newline]);
                Emit(_pending.AsSpan(0, _pendingLength), since, output);
                _pendingLength = 0;
            }
            _lineOpen = false;
            data = data[(newline + 1)..];
            if (tty)
            {
                BeginSegment();
            }
        }
    }

    public void Flush(DateTimeOffset? since, List<LogLine> output)
    {
        if (_lineOpen && _pendingLength > 0)
        {
            Emit(_pending.AsSpan(0, _pendingLength), since, output);
        }
        _pendingLength = 0;
        _lineOpen = false;
    }

    private ReadOnlySpan<byte> ConsumeTimestamp(ReadOnlySpan<byte> data)
    {
        var space = data.IndexOf((byte)' ');
        var part = space < 0 ? data : data[..space];
        if (_timestampLength + part.Length > MaxTimestampLength)
        {
            // Not a timestamp after all (should not happen with timestamps=1): keep the bytes as text.
            _readingTimestamp = false;
            OpenLineIfNeeded();
            Append(_timestamp.AsSpan(0, _timestampLength));
            return data;
        }
        part.CopyTo(_timestamp.AsSpan(_timestampLength));
        _timestampLength += part.Length;
        if (space < 0)
        {
            return [];
        }
        _readingTimestamp = false;
        if (DockerTimestamp.TryParse(_timestamp.AsSpan(0, _timestampLength), out var at))
        {
            _segmentAt = at;
            // A continuation frame of a split message carries its own timestamp; the line keeps the first one.
            OpenLineIfNeeded();
            return data[(space + 1)..];
        }
        OpenLineIfNeeded();
        Append(_timestamp.AsSpan(0, _timestampLength));
        return data[space..];
    }

    private void OpenLineIfNeeded()
    {
        if (!_lineOpen)
        {
            _lineAt = _segmentAt;
            _lineOpen = true;
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_pendingLength + bytes.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingLength + bytes.Length));
        }
        bytes.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += bytes.Length;
    }

    private void Emit(ReadOnlySpan<byte> text, DateTimeOffset? since, List<LogLine> output)
    {
        if (since is { } s && _lineAt <= s)
        {
            return;
        }
        if (!text.IsEmpty && text[^1] == (byte)'\r')
        {
            text = text[..^1]; // TTY output ends lines with \r\n
        }
        output.Add(new LogLine(_lineAt, stream, Encoding.UTF8.GetString(text)));
    }
}
