using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace ZedOps.Testing;

/// <summary>A real OpenSSH sshd on 127.0.0.1 with its own generated host key and config in a temp dir, a non-default
/// port, a test user with a password and an authorized key, and <c>Subsystem sftp internal-sftp</c>. Needs root
/// (sshd authenticates system users) and the Debian package openssh-server.</summary>
public sealed class SftpServer : IAsyncDisposable
{
    public const string User = "zedops-sftp";
    public const string Sshd = "/usr/sbin/sshd";
    private static readonly SemaphoreSlim s_userReady = new(1, 1);
    private static readonly string s_password = "pw-" + Guid.NewGuid().ToString("N");
    private static bool s_passwordSet;
    private readonly Process _sshd;

    private SftpServer(Process sshd, string dir, int port, string fingerprint, string password, string privateKey)
    {
        (_sshd, Dir, Port, HostKeyFingerprint, Password, PrivateKey) = (sshd, dir, port, fingerprint, password, privateKey);
    }

    public string Dir { get; }
    public int Port { get; }
    public string HostKeyFingerprint { get; }
    public string Password { get; }
    public string PrivateKey { get; }
    /// <summary>The directory backups go to, owned by the test user.</summary>
    public string RemoteDir => Path.Combine(Dir, "remote");

    public static string? Missing => !Environment.IsPrivilegedProcess ? "needs root to run sshd"
        : !File.Exists(Sshd) ? $"no {Sshd} (Debian package openssh-server)" : null;

    public static async Task<SftpServer> StartAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "zedops-sshd-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(dir, "host_key"));
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(dir, "client_key"));
        var fingerprint = (await RunAsync("ssh-keygen", "-lf", Path.Combine(dir, "host_key.pub"))).Split(' ')[1];
        await File.WriteAllTextAsync(Path.Combine(dir, "authorized_keys"), await File.ReadAllTextAsync(Path.Combine(dir, "client_key.pub")));
        // One system user for every sshd of this test process, so its password is set once: servers started by tests
        // running in parallel would otherwise change it under each other.
        await s_userReady.WaitAsync();
        try
        {
            if (!s_passwordSet)
            {
                if ((await Processes.RunAsync("id", [User])).Code != 0)
                {
                    await RunAsync("useradd", "--no-create-home", "--shell", "/bin/sh", User);
                }
                await RunAsync("sh", "-c", $"echo '{User}:{s_password}' | chpasswd");
                s_passwordSet = true;
            }
        }
        finally
        {
            s_userReady.Release();
        }
        var password = s_password;
        Directory.CreateDirectory(Path.Combine(dir, "remote"));
        await RunAsync("chown", User, Path.Combine(dir, "remote"));
        Directory.CreateDirectory("/run/sshd"); // sshd's privilege-separation directory
        var port = FreePorts.Tcp();
        var config = Path.Combine(dir, "sshd_config");
        await File.WriteAllLinesAsync(config,
        [
            $"Port {port}", "ListenAddress 127.0.0.1", $"HostKey {Path.Combine(dir, "host_key")}", $"PidFile {Path.Combine(dir, "sshd.pid")}",
            $"AuthorizedKeysFile {Path.Combine(dir, "authorized_keys")}", "StrictModes no", "UsePAM no", "PasswordAuthentication yes",
            "KbdInteractiveAuthentication no", "PermitRootLogin no", $"AllowUsers {User}", "Subsystem sftp internal-sftp", "LogLevel VERBOSE",
        ]);
        var sshd = Process.Start(new ProcessStartInfo(Sshd, ["-D", "-e", "-f", config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        sshd.BeginErrorReadLine();
        sshd.BeginOutputReadLine();
        await Eventually.ReturnsAsync(() => Task.FromResult(Listening(port) || sshd.HasExited), ok => ok, "sshd listening", TimeSpan.FromSeconds(20));
        if (sshd.HasExited)
        {
            throw new InvalidOperationException($"sshd exited with {sshd.ExitCode}");
        }
        return new SftpServer(sshd, dir, port, fingerprint, password, await File.ReadAllTextAsync(Path.Combine(dir, "client_key")));
    }

    private static bool Listening(int port)
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

    private static async Task<string> RunAsync(string file, params string[] args)
    {
        var (code, output) = await Processes.RunAsync(file, args);
        Assert.True(code == 0, $"{file} {string.Join(' ', args)} failed ({code}): {output}");
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        _sshd.Kill(entireProcessTree: true);
        await _sshd.WaitForExitAsync();
        _sshd.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}

/// <summary>A real S3-compatible server: moto's <c>moto_server</c> (pip moto[server]) on 127.0.0.1.</summary>
public sealed class S3Server : IAsyncDisposable
{
    private readonly Process _process;

    private S3Server(Process process, int port) => (_process, Endpoint) = (process, $"http://127.0.0.1:{port}");

    public string Endpoint { get; }

    public static string? Executable => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .Select(d => Path.Combine(d, "moto_server")).FirstOrDefault(File.Exists);

    public static string? Missing => Executable is null ? "no moto_server on PATH (pip install 'moto[server]')" : null;

    public static async Task<S3Server> StartAsync()
    {
        var port = FreePorts.Tcp();
        var process = Process.Start(new ProcessStartInfo(Executable!, ["-H", "127.0.0.1", "-p", port.ToString()]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new S3Server(process, port);
        using var http = new HttpClient();
        await Eventually.ReturnsAsync(async () =>
        {
            try
            {
                using var response = await http.GetAsync(server.Endpoint);
                return true;
            }
            catch (HttpRequestException)
            {
                return process.HasExited;
            }
        }, ok => ok, "moto_server answering", TimeSpan.FromSeconds(60));
        return process.HasExited ? throw new InvalidOperationException($"moto_server exited with {process.ExitCode}") : server;
    }

    /// <summary>Creates a bucket (moto accepts unsigned requests).</summary>
    public async Task CreateBucketAsync(string bucket)
    {
        using var http = new HttpClient();
        using var response = await http.PutAsync($"{Endpoint}/{bucket}", null);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// <summary>A fact that needs Docker (a real agent with pz-sim) and a real sshd; skipped, never passed, without them.</summary>
public sealed class DockerSftpFactAttribute : FactAttribute
{
    public DockerSftpFactAttribute()
    {
        if ((Requirements.DockerMissing ?? SftpServer.Missing) is { } why)
        {
            Skip = $"SFTP target test unavailable: {why}";
        }
    }
}

/// <summary>A fact that needs Docker and a real S3-compatible server (moto_server).</summary>
public sealed class DockerS3FactAttribute : FactAttribute
{
    public DockerS3FactAttribute()
    {
        if ((Requirements.DockerMissing ?? S3Server.Missing) is { } why)
        {
            Skip = $"S3 target test unavailable: {why}";
        }
    }
}

/// <summary>A fact that needs Docker, Chromium and a real sshd.</summary>
public sealed class DockerChromiumSftpFactAttribute : FactAttribute
{
    public DockerChromiumSftpFactAttribute()
    {
        var why = Requirements.DockerMissing ?? SftpServer.Missing ?? (File.Exists(Requirements.ChromiumPath) ? null : $"no browser at {Requirements.ChromiumPath}");
        if (why is not null)
        {
            Skip = $"SFTP target page test unavailable: {why}";
        }
    }
}

/// <summary>A fact that needs a real sshd (root + openssh-server).</summary>
public sealed class SftpFactAttribute : FactAttribute
{
    public SftpFactAttribute()
    {
        if (SftpServer.Missing is { } why)
        {
            Skip = $"SFTP unavailable: {why}";
        }
    }
}

/// <summary>A fact that needs moto_server.</summary>
public sealed class S3FactAttribute : FactAttribute
{
    public S3FactAttribute()
    {
        if (S3Server.Missing is { } why)
        {
            Skip = $"S3 server unavailable: {why}";
        }
    }
}
