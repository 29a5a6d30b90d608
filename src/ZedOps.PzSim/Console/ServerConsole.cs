using System.Globalization;
using System.Text;
using ZedOps.PzSim.World;

namespace ZedOps.PzSim.Console;

/// <summary>
/// The server's console: every line goes to stdout (so <c>docker logs</c> shows it), to server-console.txt
/// (truncated per start, as PZ does) and to this start's Logs/&lt;stamp&gt;_DebugLog-server.txt.
/// Lines use B41's shape: <c>LOG  : General     , 1700000000000&gt; 12,345&gt; message</c>.
/// </summary>
internal sealed class ServerConsole : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TextWriter _stdout;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly List<TextWriter> _files = [];

    public ServerConsole(TextWriter stdout, TimeProvider time)
    {
        _stdout = stdout;
        _time = time;
        _started = time.GetTimestamp();
    }

    /// <summary>Starts copying to the data dir: rotates old logs into Logs/logs_&lt;stamp&gt;/ and truncates server-console.txt.</summary>
    public void AttachFiles(DataLayout layout)
    {
        var stamp = _time.GetLocalNow().ToString("yy-MM-dd_HH-mm-ss", CultureInfo.InvariantCulture);
        var previous = Directory.GetFiles(layout.LogsDir, "*.txt");
        if (previous.Length > 0)
        {
            var archive = Directory.CreateDirectory(Path.Combine(layout.LogsDir, "logs_" + stamp)).FullName;
            foreach (var file in previous)
            {
                File.Move(file, Path.Combine(archive, Path.GetFileName(file)), overwrite: true);
            }
        }
        lock (_gate)
        {
            _files.Add(Open(layout.ServerConsoleFile));
            _files.Add(Open(Path.Combine(layout.LogsDir, stamp + "_DebugLog-server.txt")));
        }
    }

    public void General(string message) => Write("General", message);

    public void Network(string message) => Write("Network", message);

    public void Write(string category, string message)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"LOG  : {category,-12}, {_time.GetUtcNow().ToUnixTimeMilliseconds()}> {(long)_time.GetElapsedTime(_started).TotalMilliseconds:N0}> {message}");
        Raw(line);
    }

    /// <summary>A line printed without the logger prefix, like the JVM's own output or System.out.println.</summary>
    public void Raw(string line)
    {
        lock (_gate)
        {
            _stdout.WriteLine(line);
            _stdout.Flush();
            foreach (var file in _files)
            {
                file.WriteLine(line);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var file in _files)
            {
                file.Dispose();
            }
            _files.Clear();
        }
    }

    private static StreamWriter Open(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite), new UTF8Encoding(false)) { AutoFlush = true };
}
