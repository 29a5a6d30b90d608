using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace ZedOps.Testing;

/// <summary>A real <c>nats-server</c> (Debian package; the test script installs it) on a free loopback port, killed at the end.</summary>
public sealed class NatsServer : IAsyncDisposable
{
    private readonly Process _process;

    private NatsServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"nats://127.0.0.1:{Port}";

    public static string? Missing => File.Exists(Path) ? null : $"no nats-server at {Path} (apt-get install nats-server; the test script does)";

    public static string Path => Environment.GetEnvironmentVariable("ZEDOPS_TEST_NATS_SERVER") ?? "/usr/sbin/nats-server";

    /// <summary>Starts it; <paramref name="extra"/> are more nats-server flags (<c>--user u --pass p</c>, <c>--auth token</c>).</summary>
    public static async Task<NatsServer> StartAsync(params string[] extra)
    {
        var port = FreeTcpPort();
        var start = new ProcessStartInfo(Path, ["-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new NatsServer(process, port);
        await Eventually.TrueAsync(() => !process.HasExited && Accepts(port), $"nats-server listening on {port}");
        return server;
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _process.Dispose();
    }
}

/// <summary>A fact that needs PostgreSQL and nats-server (multi-replica tests); with <c>Docker = true</c> a Docker daemon too.</summary>
public sealed class ReplicaFactAttribute : FactAttribute
{
    public ReplicaFactAttribute()
    {
        if (Requirements.PostgresConnectionString is null)
        {
            Skip = "PostgreSQL unavailable: ZEDOPS_TEST_POSTGRES is not set (the test script sets it when it can start a cluster)";
        }
        else if (NatsServer.Missing is { } why)
        {
            Skip = $"NATS unavailable: {why}";
        }
    }

    public bool Docker
    {
        get => false;
        init
        {
            if (value && Skip is null && Requirements.DockerMissing is { } why)
            {
                Skip = $"Docker unavailable: {why}";
            }
        }
    }
}

/// <summary>A theory that needs nats-server only (skipped without it).</summary>
public sealed class NatsTheoryAttribute : TheoryAttribute
{
    public NatsTheoryAttribute()
    {
        if (NatsServer.Missing is { } why)
        {
            Skip = $"NATS unavailable: {why}";
        }
    }
}
