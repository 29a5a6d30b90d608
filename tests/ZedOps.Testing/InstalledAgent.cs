using System.Diagnostics;
using Xunit;

namespace ZedOps.Testing;

/// <summary>A native agent installed by the manager's install script into a throwaway root and run from there as
/// systemd would run it (the unit's EnvironmentFile, the installed binary).</summary>
public sealed class InstalledAgent : IAsyncDisposable
{
    private readonly System.Text.StringBuilder _log = new();

    private InstalledAgent(string root) => Root = root;

    public string Root { get; }

    public Process? Process { get; private set; }

    public string Log { get { lock (_log) { return _log.ToString(); } } }

    public string PathOf(string path) => System.IO.Path.Combine(Root, path.TrimStart('/'));

    public string StateDir => PathOf("/var/lib/zedops/agent");

    /// <summary>Runs <c>curl -fsSL {manager}/install.sh | sh -s -- --root …</c> as the Add-agent dialog's line does.</summary>
    public static async Task<InstalledAgent> InstallAsync(Uri manager, string token, string name)
    {
        var agent = new InstalledAgent(Directory.CreateTempSubdirectory("zedops-native-").FullName);
        var (code, output) = await Processes.RunAsync("sh", ["-c",
            $"curl -fsSL {manager}install.sh | sh -s -- --root {agent.Root} --token {token} --name {name} --data-root {agent.PathOf("/srv/servers")}"]);
        Assert.True(code == 0, output);
        return agent;
    }

    public void Start()
    {
        var info = new ProcessStartInfo(PathOf("/opt/zedops-agent/zedops-agent")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var line in File.ReadAllLines(PathOf("/etc/zedops-agent/agent.env")).Where(l => l.Contains('=') && !l.StartsWith('#')))
        {
            info.Environment[line[..line.IndexOf('=')]] = line[(line.IndexOf('=') + 1)..];
        }
        info.Environment["ZEDOPS_Agent__StateDir"] = StateDir;
        Process = Process.Start(info)!;
        Process.OutputDataReceived += (_, e) => Append(e.Data);
        Process.ErrorDataReceived += (_, e) => Append(e.Data);
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is { HasExited: false })
        {
            Process.Kill();
            await Process.WaitForExitAsync();
        }
        Process?.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
