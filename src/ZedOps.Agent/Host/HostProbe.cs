using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using ZedOps.Protocol.Agents;

namespace ZedOps.Agent.Host;

/// <summary>Reads host facts and metrics from /proc (no shell-outs); CPU is the busy share between two samples.</summary>
internal sealed class HostProbe(IOptions<AgentOptions> options, ProcFileSystem proc)
{
    private readonly Lock _gate = new();
    private (ulong Busy, ulong Total)? _lastCpu;

    public HostInfo Describe() => new(
        Hostname: Environment.MachineName,
        Os: ReadOsName(),
        Kernel: proc.ReadText("sys/kernel/osrelease")?.Trim() ?? Environment.OSVersion.VersionString,
        Architecture: RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
        ProcessorCount: Environment.ProcessorCount,
        AgentVersion: AgentVersion.Current,
        DataRoot: options.Value.DataRoot,
        BuildSha256: Update.AgentBuild.Sha256);

    public HostMetrics Sample()
    {
        var (memTotal, memUsed) = ReadMemory();
        var (diskTotal, diskUsed) = ReadDisk(options.Value.DataRoot);
        return new HostMetrics(
            CpuPercent: SampleCpu(),
            MemoryTotalBytes: memTotal,
            MemoryUsedBytes: memUsed,
            DiskTotalBytes: diskTotal,
            DiskUsedBytes: diskUsed,
            Load1: ReadFirstNumber("loadavg"),
            UptimeSeconds: (long)ReadFirstNumber("uptime"));
    }

    private double SampleCpu()
    {
        // First line of /proc/stat: "cpu user nice system idle iowait irq softirq steal ..."; idle = idle + iowait.
        var line = proc.ReadText("stat")?.Split('\n', 2)[0];
        if (line is null || !line.StartsWith("cpu ", StringComparison.Ordinal))
        {
            return 0;
        }
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(ulong.Parse).ToArray();
        var total = fields.Aggregate(0UL, (a, b) => a + b);
        var idle = fields[3] + (fields.Length > 4 ? fields[4] : 0);
        var busy = total - idle;
        lock (_gate)
        {
            var previous = _lastCpu;
            _lastCpu = (busy, total);
            if (previous is not { } p || total <= p.Total)
            {
                return 0;
            }
            return Math.Round(100.0 * (busy - p.Busy) / (total - p.Total), 1);
        }
    }

    private (long Total, long Used) ReadMemory()
    {
        var text = proc.ReadText("meminfo") ?? "";
        long Field(string key)
        {
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
            var number = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return number is null ? 0 : long.Parse(number, CultureInfo.InvariantCulture) * 1024;
        }
        var total = Field("MemTotal");
        return (total, total - Field("MemAvailable"));
    }

    private static (long Total, long Used) ReadDisk(string dataRoot)
    {
        // The data root may not exist yet: measure the filesystem of its nearest existing ancestor.
        var dir = new DirectoryInfo(Path.GetFullPath(dataRoot));
        while (dir is { Exists: false, Parent: not null })
        {
            dir = dir.Parent;
        }
        var drive = new DriveInfo(dir!.FullName);
        return drive.IsReady ? (drive.TotalSize, drive.TotalSize - drive.AvailableFreeSpace) : (0, 0);
    }

    private double ReadFirstNumber(string file)
    {
        var text = proc.ReadText(file);
        var first = text?.Split(' ', 2)[0];
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }

    private string ReadOsName()
    {
        var release = proc.ReadEtc("os-release") ?? "";
        var pretty = release.Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        return pretty?["PRETTY_NAME=".Length..].Trim('"') ?? RuntimeInformation.OSDescription;
    }
}

/// <summary>The /proc and /etc seam, so tests can feed fixed files.</summary>
internal class ProcFileSystem(string procRoot = "/proc", string etcRoot = "/etc")
{
    public virtual string? ReadText(string relative) => TryRead(Path.Combine(procRoot, relative));

    public virtual string? ReadEtc(string relative) => TryRead(Path.Combine(etcRoot, relative));

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

internal static class AgentVersion
{
    /// <summary>e.g. <c>1.0.0+3f2a9c1</c>: the version and the short commit the build came from.</summary>
    public static readonly string Current = Shorten(Update.AgentBuild.Version);

    private static string Shorten(string informational) =>
        informational.Split('+', 2) is [var version, var commit] && commit.Length > 7 ? $"{version}+{commit[..7]}" : informational;
}
