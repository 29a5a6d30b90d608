using System.Diagnostics;

namespace ZedOps.Testing;

/// <summary>The built manager (<c>src/ZedOps.Manager/bin/…/ZedOps.Manager.dll</c>) as a child process on a loopback port,
/// configured by environment, for what an in-process host cannot show: a replica that dies by SIGKILL, saying goodbye to nobody.</summary>
public sealed class ManagerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDir;

    private ManagerProcess(Process process, Uri baseAddress, string dataDir)
    {
        _process = process;
        BaseAddress = baseAddress;
        _dataDir = dataDir;
    }

    public Uri BaseAddress { get; }

    public static string Assembly
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                ? "Release" : "Debug";
            return Path.Combine(Processes.RepoRoot(), "src", "ZedOps.Manager", "bin", configuration, "net10.0", "ZedOps.Manager.dll");
        }
    }

    /// <summary>Starts it with <paramref name="settings"/> (configuration keys such as <c>ZedOps:Replicas:Id</c>) and waits for /health.</summary>
    public static async Task<ManagerProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePorts.Tcp();
        var dataDir = Path.Combine(Path.GetTempPath(), "zedops-test-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(Assembly)! };
        info.ArgumentList.Add(Assembly);
        info.Environment["Urls"] = $"http://127.0.0.1:{port}"; // over appsettings.json's Urls (ASPNETCORE_URLS is not)
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["ZedOps__DataDir"] = dataDir;
        info.Environment["ZedOps__AdminPassword"] = ManagerHost.AdminPassword;
        info.Environment["ZedOps__LocalAgent__Enabled"] = "false";
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var manager = new ManagerProcess(process, new Uri($"http://127.0.0.1:{port}"), dataDir);
        using var http = new HttpClient { BaseAddress = manager.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.ReturnsAsync(async () => !process.HasExited && await HealthyAsync(http), up => up,
            $"manager process answering /health on {port}", TimeSpan.FromSeconds(60));
        return manager;
    }

    private static async Task<bool> HealthyAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync("/health");
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL: no shutdown hook runs, no lease is released, no goodbye is published; its sockets just reset.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Temp-dir cleanup only.
        }
    }
}
