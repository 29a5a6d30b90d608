using System.Diagnostics;

namespace ZedOps.Testing;

/// <summary>Runs the repository's scripts and CLIs from tests.</summary>
public static class Processes
{
    public static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout + await stderr);
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ZedOps.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no repository root above {AppContext.BaseDirectory}");
    }
}

/// <summary>The pz-sim image built from these sources (the build script is a no-op when it is current).</summary>
public static class PzSimImage
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static string? s_tag;

    /// <summary>Returns the tag (<c>src-&lt;hash&gt;</c>) of <c>zedops/pz-sim</c> that matches the sources.</summary>
    public static async Task<string> EnsureAsync()
    {
        await s_gate.WaitAsync();
        try
        {
            if (s_tag is null)
            {
                var script = Path.Combine(Processes.RepoRoot(), "scripts", "build-pz-sim-image.sh");
                var (code, output) = await Processes.RunAsync("bash", [script], TimeSpan.FromMinutes(10));
                if (code != 0)
                {
                    throw new InvalidOperationException($"{script} failed ({code}): {output}");
                }
                var image = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("image=", StringComparison.Ordinal))?["image=".Length..]
                    ?? "zedops/pz-sim:latest";
                s_tag = image[(image.LastIndexOf(':') + 1)..];
            }
            return s_tag;
        }
        finally
        {
            s_gate.Release();
        }
    }
}

/// <summary>Ports the OS just handed out on loopback (free an instant ago).</summary>
public static class FreePorts
{
    /// <summary>A TCP port free on loopback an instant ago.</summary>
    public static int Tcp()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A game port whose next port is also free (UDP), and a free TCP port for RCON.</summary>
    public static (int Game, int Udp, int Rcon) ServerSet()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var first = new System.Net.Sockets.UdpClient(0);
            var game = ((System.Net.IPEndPoint)first.Client.LocalEndPoint!).Port;
            if (game >= 65000)
            {
                continue;
            }
            try
            {
                using var second = new System.Net.Sockets.UdpClient(game + 1);
                using var tcp = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
                tcp.Start();
                return (game, game + 1, ((System.Net.IPEndPoint)tcp.LocalEndpoint).Port);
            }
            catch (System.Net.Sockets.SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free port set found");
    }
}
