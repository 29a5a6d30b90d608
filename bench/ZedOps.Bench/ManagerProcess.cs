using System.Diagnostics;

namespace ZedOps.Bench;

/// <summary>A release-built manager as its own process, so its memory is its own (read from /proc/PID/status).</summary>
internal static class ManagerProcess
{
    public static Process Start(string dll, string dataDir, int port, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ZEDOPS_DATA_DIR"] = dataDir;
        start.Environment["ZEDOPS_ADMIN_PASSWORD"] = "bench-password";
        start.Environment["ZedOps__Login__AttemptsPerMinutePerClient"] = "1000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task WaitHealthyAsync(HttpClient http)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("manager did not become healthy");
    }

    public static long RssMiB(int pid) =>
        long.Parse(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;

    /// <summary>User + system CPU time of a process so far (/proc/PID/stat, clock ticks of 10 ms).</summary>
    public static TimeSpan CpuTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromMilliseconds((long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) * 10);
    }

    /// <summary>The direct children of a process (the manager's local agent).</summary>
    public static IEnumerable<int> Children(int pid) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task")
            .Select(task => Path.Combine(task, "children"))
            .Where(File.Exists)
            .SelectMany(file => File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse);

    public static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ZedOps.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? ".";
    }
}
