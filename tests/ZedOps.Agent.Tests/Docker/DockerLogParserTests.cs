using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;
using ZedOps.Agent.Docker;
using ZedOps.Protocol.Containers;

namespace ZedOps.Agent.Tests.Docker;

public sealed class DockerLogParserTests(ITestOutputHelper output)
{
    private const string T1 = "2026-05-01T10:00:00.123456789Z";
    private const string T2 = "2026-05-01T10:00:01.000000001Z";
    private static readonly DateTimeOffset s_t1 = new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
    private static readonly DateTimeOffset s_t2 = new(2026, 5, 1, 10, 0, 1, TimeSpan.Zero);

    [Fact]
    public void Feed_OneFrame_ParsesTimestampStreamAndText()
    {
        var lines = Parse(Frame(1, $"{T1} hello world\n"));

        var line = Assert.Single(lines);
        Assert.Equal(new LogLine(s_t1, LogStreams.Stdout, "hello world"), line);
    }

    [Fact]
    public void Feed_StdoutAndStderrFrames_KeepsStreamsApartInOrder()
    {
        var lines = Parse(Frame(1, $"{T1} out 1\n"), Frame(2, $"{T1} err 1\n"), Frame(1, $"{T2} out 2\n"), Frame(2, $"{T2} err 2\n"));

        Assert.Equal(
            [(LogStreams.Stdout, "out 1"), (LogStreams.Stderr, "err 1"), (LogStreams.Stdout, "out 2"), (LogStreams.Stderr, "err 2")],
            lines.Select(l => (l.Stream, l.Text)));
        Assert.Equal([s_t1, s_t1, s_t2, s_t2], lines.Select(l => l.At));
    }

    [Fact]
    public void Feed_BodyCutAtEveryByte_GivesTheSameLines()
    {
        var body = Concat(Frame(1, $"{T1} first\n"), Frame(2, $"{T2} second ünïcødé\n"), Frame(1, $"{T2} third\n"));
        var whole = Parse(body);
        var parser = new DockerLogParser(multiplexed: true);
        var bytewise = new List<LogLine>();

        foreach (var b in body)
        {
            parser.Feed([b], bytewise);
        }
        parser.Complete(bytewise);

        Assert.Equal(3, whole.Count);
        Assert.Equal(whole, bytewise);
        Assert.Equal("second ünïcødé", bytewise[1].Text);
    }

    [Fact]
    public void Feed_SeveralLinesInOneFrame_EachGetsTheFrameTimestamp()
    {
        var lines = Parse(Frame(1, $"{T1} a\nb\nc\n"));

        Assert.Equal(["a", "b", "c"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(s_t1, l.At));
    }

    [Fact]
    public void Feed_MessageSplitAcrossFrames_JoinsWithTheFirstTimestamp()
    {
        // Docker splits messages over 16 KB into frames that each carry a timestamp; only the last ends in '\n'.
        var lines = Parse(Frame(1, $"{T1} part one,"), Frame(2, $"{T1} an error\n"), Frame(1, $"{T2} part two\n"));

        Assert.Equal([(LogStreams.Stderr, "an error"), (LogStreams.Stdout, "part one,part two")], lines.Select(l => (l.Stream, l.Text)));
        Assert.Equal(s_t1, lines[1].At);
    }

    [Fact]
    public void Feed_Tty_RawStreamIsStdoutWithoutCarriageReturns()
    {
        var lines = Parse(multiplexed: false, Encoding.UTF8.GetBytes($"{T1} one\r\n{T2} two\r\n"));

        Assert.Equal([new LogLine(s_t1, LogStreams.Stdout, "one"), new LogLine(s_t2, LogStreams.Stdout, "two")], lines);
    }

    [Fact]
    public void Complete_LastLineWithoutNewline_IsStillALine()
    {
        var lines = Parse(Frame(1, $"{T1} done\n"), Frame(1, $"{T2} no newline"));

        Assert.Equal(["done", "no newline"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Feed_Since_DropsLinesAtOrBeforeIt()
    {
        var parser = new DockerLogParser(multiplexed: true, since: s_t1);
        var lines = new List<LogLine>();

        parser.Feed(Concat(Frame(1, $"{T1} at since\n"), Frame(1, $"{T2} after\n")), lines);

        Assert.Equal(["after"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Feed_EmptyLine_IsKept()
    {
        var lines = Parse(Frame(1, $"{T1} \n"));

        Assert.Equal("", Assert.Single(lines).Text);
    }

    [Fact]
    public void Feed_RawBytesWhereFramesExpected_ThrowsInvalidData()
    {
        var parser = new DockerLogParser(multiplexed: true);

        Assert.Throws<InvalidDataException>(() => parser.Feed(Encoding.UTF8.GetBytes($"{T1} not framed\n"), []));
    }

    [Fact]
    public void Feed_MillionLines_ParsesOverHundredThousandLinesPerSecond()
    {
        const int count = 1_000_000;
        var frame = Frame(1, $"{T1} [12:00:00] LOG  : General     , 1714557600000> Server tick 123456 players=12\n");
        var body = new byte[frame.Length * count];
        for (var i = 0; i < count; i++)
        {
            frame.CopyTo(body, i * frame.Length);
        }
        var parser = new DockerLogParser(multiplexed: true);
        var lines = new List<LogLine>(4096);
        var parsed = 0;

        var watch = Stopwatch.StartNew();
        for (var offset = 0; offset < body.Length; offset += 64 * 1024)
        {
            parser.Feed(body.AsSpan(offset, Math.Min(64 * 1024, body.Length - offset)), lines);
            parsed += lines.Count;
            lines.Clear();
        }
        watch.Stop();

        var rate = count / watch.Elapsed.TotalSeconds;
        output.WriteLine($"parsed {parsed:N0} lines ({body.Length / 1024 / 1024} MB) in {watch.ElapsedMilliseconds} ms: {rate:N0} lines/s");
        Assert.Equal(count, parsed);
        Assert.True(rate > 100_000, $"{rate:N0} lines/s");
    }

    internal static byte[] Frame(byte stream, string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var frame = new byte[8 + bytes.Length];
        frame[0] = stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)bytes.Length);
        bytes.CopyTo(frame, 8);
        return frame;
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    private static List<LogLine> Parse(params byte[][] frames) => Parse(multiplexed: true, Concat(frames));

    private static List<LogLine> Parse(bool multiplexed, byte[] body)
    {
        var parser = new DockerLogParser(multiplexed);
        var lines = new List<LogLine>();
        parser.Feed(body, lines);
        parser.Complete(lines);
        return lines;
    }
}
