using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;
using ZedOps.Protocol.Backups;

namespace ZedOps.Agent.Backups.Targets;

/// <summary>An SFTP directory. The server's host key must match the pinned SHA-256 fingerprint, otherwise the
/// connection is refused before any credential is sent. Uploads go to <c>&lt;key&gt;.partial</c>, then an atomic
/// posix-rename over the final name.</summary>
internal sealed class SftpRemoteStore : IRemoteStore
{
    private readonly SftpClient _client;
    private readonly SftpSettings _settings;

    private SftpRemoteStore(SftpClient client, SftpSettings settings)
    {
        _client = client;
        _settings = settings;
    }

    public static async Task<IRemoteStore> ConnectAsync(SftpSettings settings, TimeSpan timeout, CancellationToken ct)
    {
        var methods = new List<AuthenticationMethod>();
        if (!string.IsNullOrEmpty(settings.PrivateKey))
        {
            try
            {
                methods.Add(new PrivateKeyAuthenticationMethod(settings.User, new PrivateKeyFile(new MemoryStream(Encoding.UTF8.GetBytes(settings.PrivateKey)))));
            }
            catch (SshException ex)
            {
                throw new RemoteTargetException($"the private key is not readable: {ex.Message}", ex);
            }
        }
        if (!string.IsNullOrEmpty(settings.Password))
        {
            methods.Add(new PasswordAuthenticationMethod(settings.User, settings.Password));
        }
        if (methods.Count == 0)
        {
            throw new RemoteTargetException("no password or private key is set for this target");
        }
        var client = new SftpClient(new ConnectionInfo(settings.Host, settings.Port, settings.User, [.. methods]) { Timeout = timeout });
        string? offered = null;
        client.HostKeyReceived += (_, e) =>
        {
            offered = "SHA256:" + e.FingerPrintSHA256;
            e.CanTrust = SameFingerprint(offered, settings.HostKeyFingerprint);
        };
        var where = $"{settings.User}@{settings.Host}:{settings.Port}";
        try
        {
            await client.ConnectAsync(ct);
            return new SftpRemoteStore(client, settings);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            client.Dispose();
            throw ex switch
            {
                SshAuthenticationException => new RemoteTargetException($"authentication failed for {where}: the password or private key was refused", ex),
                SshConnectionException when offered is not null && !SameFingerprint(offered, settings.HostKeyFingerprint) =>
                    new RemoteTargetException($"host key mismatch at {settings.Host}:{settings.Port}: expected {settings.HostKeyFingerprint}, the server offered {offered}; refused", ex),
                SocketException or SshOperationTimeoutException or SshConnectionException or TimeoutException =>
                    new RemoteTargetException($"unreachable: {settings.Host}:{settings.Port} ({ex.Message})", ex),
                _ => new RemoteTargetException($"SFTP to {where} failed: {ex.Message}", ex),
            };
        }
    }

    /// <summary>OpenSSH prints <c>SHA256:</c> + unpadded base64; accept it with or without the prefix or padding.</summary>
    public static bool SameFingerprint(string a, string b) => Normalize(a) == Normalize(b);

    private static string Normalize(string fingerprint)
    {
        var value = fingerprint.Trim();
        value = value.StartsWith("SHA256:", StringComparison.OrdinalIgnoreCase) ? value[7..] : value;
        return value.TrimEnd('=');
    }

    public string Describe(string key) => $"sftp://{_settings.User}@{_settings.Host}:{_settings.Port}{PathOf(key)}";

    public async Task UploadAsync(string localPath, string key, CancellationToken ct)
    {
        var path = PathOf(key);
        var partial = path + ".partial";
        await GuardAsync(key, async () =>
        {
            await EnsureDirectoryAsync(path[..path.LastIndexOf('/')], ct);
            await using (var source = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
            {
                await _client.UploadFileAsync(source, partial, ct);
            }
            // posix-rename@openssh.com replaces an existing file atomically; plain SFTP v3 rename refuses to.
            _client.RenameFile(partial, path, isPosix: true);
        });
    }

    public Task DownloadAsync(string key, Stream destination, CancellationToken ct) =>
        GuardAsync(key, () => _client.DownloadFileAsync(PathOf(key), destination, ct));

    public Task DeleteAsync(string key, CancellationToken ct) => GuardAsync(key, () => _client.DeleteFileAsync(PathOf(key), ct));

    private async Task EnsureDirectoryAsync(string directory, CancellationToken ct)
    {
        var current = "";
        foreach (var part in directory.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current.Length == 0 && !directory.StartsWith('/') ? part : current + "/" + part;
            if (!await _client.ExistsAsync(current, ct))
            {
                await _client.CreateDirectoryAsync(current, ct);
            }
        }
    }

    private string PathOf(string key) => _settings.Directory.TrimEnd('/') + "/" + key;

    private async Task GuardAsync(string key, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (SftpPathNotFoundException ex)
        {
            throw new RemoteTargetException($"not found on the SFTP target: {PathOf(key)}", ex);
        }
        catch (SftpPermissionDeniedException ex)
        {
            throw new RemoteTargetException($"permission denied on the SFTP target for {PathOf(key)} (directory {_settings.Directory})", ex);
        }
        catch (Exception ex) when (ex is SshException or SocketException)
        {
            throw new RemoteTargetException($"SFTP transfer of {PathOf(key)} failed: {ex.Message}", ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
