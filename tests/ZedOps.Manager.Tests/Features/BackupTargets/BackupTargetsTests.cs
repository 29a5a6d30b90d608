using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ZedOps.Manager.Features.BackupTargets;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;
using ZedOps.Testing;

namespace ZedOps.Manager.Tests.Features.BackupTargets;

/// <summary>Off-host targets against a real OpenSSH sshd and a real S3-compatible server (moto), with the real agent
/// copying backups of a running pz-sim server and restoring from them.</summary>
[Trait("Category", "Docker")]
public sealed class BackupTargetsTests : ManagerWithAgentTestBase
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(120);
    private readonly List<string> _created = [];
    private readonly CollectingLoggerProvider _logs = new();

    protected override ManagerHostOptions? HostOptions => new() { ConfigureServices = s => s.AddSingleton<ILoggerProvider>(_logs) };

    [DockerSftpFact]
    public async Task SftpTarget_BackupPushed_LocalDeleted_RestoredFromTarget_WorldBack()
    {
        await using var sftp = await SftpServer.StartAsync();
        var target = await CreateTargetAsync(new
        {
            name = "offsite-sftp", kind = "sftp", allServers = true,
            sftp = new { host = "127.0.0.1", port = sftp.Port, user = SftpServer.User, directory = sftp.RemoteDir, hostKeyFingerprint = sftp.HostKeyFingerprint, privateKey = sftp.PrivateKey },
        });
        Assert.Equal(SecretState.Set, target.Sftp!.PrivateKey);
        Assert.Equal(SecretState.NotSet, target.Sftp.Password);

        var (server, backup) = await BackUpAndCopyAsync(target);
        var archive = Path.Combine(sftp.RemoteDir, server.Id.ToString("D"), backup.Id + ".tar.zst");
        Assert.True(File.Exists(archive) && File.Exists(archive + ".json"));
        Assert.Empty(Directory.EnumerateFiles(sftp.RemoteDir, "*.partial", SearchOption.AllDirectories));

        await RestoreFromTargetOnlyAsync(server, backup, target);
    }

    [DockerS3Fact]
    public async Task S3Target_BackupPushed_LocalDeleted_RestoredFromTarget_MissingBucketReported()
    {
        await using var s3 = await S3Server.StartAsync();
        await s3.CreateBucketAsync("zedops-backups");
        var target = await CreateTargetAsync(new
        {
            name = "offsite-s3", kind = "s3", allServers = true,
            s3 = new { endpoint = s3.Endpoint, region = "us-east-1", bucket = "zedops-backups", prefix = "worlds", pathStyle = true, accessKey = "AKIATESTKEY", secretKey = "s3-secret-" + Guid.NewGuid().ToString("N") },
        });
        var tested = await TestTargetAsync(target.Id);
        Assert.True(tested.Succeeded, tested.Detail);

        var (server, backup) = await BackUpAndCopyAsync(target);
        await RestoreFromTargetOnlyAsync(server, backup, target);

        var missing = await CreateTargetAsync(new
        {
            name = "no-bucket", kind = "s3", allServers = false, serverIds = new[] { server.Id },
            s3 = new { endpoint = s3.Endpoint, bucket = "not-there", accessKey = "AKIATESTKEY", secretKey = "x" },
        });
        var refused = await TestTargetAsync(missing.Id);
        Assert.False(refused.Succeeded);
        Assert.Contains("bucket 'not-there' does not exist", refused.Detail, StringComparison.Ordinal);
    }

    [DockerSftpFact]
    public async Task SftpTarget_HostKeyMismatchAndWrongPassword_RefusedClearly_SecretsNeverShownAuditedOrLogged()
    {
        await using var sftp = await SftpServer.StartAsync();
        var wrongPassword = "wrong-" + Guid.NewGuid().ToString("N");
        object Settings(string fingerprint, string password) => new { host = "127.0.0.1", port = sftp.Port, user = SftpServer.User, directory = sftp.RemoteDir, hostKeyFingerprint = fingerprint, password };

        var good = await CreateTargetAsync(new { name = "pw-good", kind = "sftp", sftp = Settings(sftp.HostKeyFingerprint, sftp.Password) });
        var badPassword = await CreateTargetAsync(new { name = "pw-bad", kind = "sftp", sftp = Settings(sftp.HostKeyFingerprint, wrongPassword) });
        var otherKey = "SHA256:" + new string('A', 43);
        var mismatch = await CreateTargetAsync(new { name = "key-bad", kind = "sftp", sftp = Settings(otherKey, sftp.Password) });

        var ok = await TestTargetAsync(good.Id);
        var auth = await TestTargetAsync(badPassword.Id);
        var hostKey = await TestTargetAsync(mismatch.Id);

        Assert.True(ok.Succeeded, ok.Detail);
        Assert.False(auth.Succeeded);
        Assert.Contains("authentication failed", auth.Detail, StringComparison.Ordinal);
        Assert.False(hostKey.Succeeded);
        Assert.Contains("host key mismatch", hostKey.Detail, StringComparison.Ordinal);
        Assert.Contains(sftp.HostKeyFingerprint, hostKey.Detail, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(sftp.RemoteDir)); // the probe was deleted

        using (var update = await Admin.PutAsJsonAsync($"/api/backup-targets/{badPassword.Id}", new { name = "pw-bad", kind = "sftp", sftp = Settings(sftp.HostKeyFingerprint, sftp.Password) }))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }
        Assert.True((await TestTargetAsync(badPassword.Id)).Succeeded);

        var answers = await Admin.GetStringAsync("/api/backup-targets") + await Admin.GetStringAsync($"/api/backup-targets/{good.Id}");
        var audit = await Admin.GetStringAsync("/api/audit?pageSize=200");
        Assert.Contains("backup-target.update", audit, StringComparison.Ordinal);
        Assert.Contains("backup-target.test", audit, StringComparison.Ordinal);
        foreach (var secret in new[] { sftp.Password, wrongPassword })
        {
            Assert.DoesNotContain(secret, answers, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, audit, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, _logs.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, ReadAll(Manager.Options.DataDir), StringComparison.Ordinal); // encrypted at rest
            Assert.DoesNotContain(secret, ReadAll(Host.Agent.StateDir), StringComparison.Ordinal); // nothing on the agent's disk
        }
    }

    [DockerFact]
    public async Task Targets_AdminOnly_BadInputGetsProblemDetails()
    {
        var (viewer, _) = await Manager.CreateUserClientAsync(Admin, "targets-viewer");
        using var list = await viewer.GetAsync("/api/backup-targets");
        using var bad = await Admin.PostAsJsonAsync("/api/backup-targets", new { name = "x", kind = "sftp", sftp = new { host = "h", user = "u", directory = "/d", hostKeyFingerprint = "md5:zz" } });

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadAsStringAsync();
        Assert.Contains("hostKeyFingerprint", problem, StringComparison.Ordinal);
        Assert.Contains("password", problem, StringComparison.Ordinal);
    }

    private async Task<(ServerView Server, BackupInfo Backup)> BackUpAndCopyAsync(BackupTargetView target)
    {
        var server = await CreateRunningAsync();
        using (var started = await Admin.PostAsJsonAsync($"/api/servers/{server.Id}/backups", new { reason = "off-host" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }
        var list = await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{server.Id}/backups"))!,
            l => l.Backups.Count == 1 && l.Backups[0].Locations!.Any(p => p.TargetId == target.Id && p.State != BackupCopier.Copying), "backup copied", s_bound);
        var backup = list.Backups[0];
        var copy = Assert.Single(backup.Locations!, p => p.TargetId == target.Id);
        Assert.True(copy.State == BackupCopier.Copied, copy.Error);
        Assert.Contains(backup.Locations!, p => p.Kind == BackupLocation.Local);
        return (server, backup);
    }

    /// <summary>The local copy is deleted, the world changes; the restore downloads the backup from the target.</summary>
    private async Task RestoreFromTargetOnlyAsync(ServerView server, BackupInfo backup, BackupTargetView target)
    {
        using (var deleted = await Admin.DeleteAsync($"/api/servers/{server.Id}/backups/{backup.Id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
        var remoteOnly = Assert.Single((await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{server.Id}/backups"))!.Backups);
        Assert.Equal(backup.Id, remoteOnly.Id);
        Assert.Equal([target.Name], remoteOnly.Locations!.Select(l => l.Name));

        var world = Path.Combine(server.DataPath, "Saves", "Multiplayer", server.Name);
        var marker = Path.Combine(world, "after-backup.bin");
        await File.WriteAllTextAsync(marker, "changed");
        using (var restore = await Admin.PostAsync($"/api/servers/{server.Id}/backups/{backup.Id}/restore", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, restore.StatusCode);
        }
        await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Running && v.Operation is null && !File.Exists(marker), "server running on the world from the target", s_bound);
        Assert.True(File.Exists(Path.Combine(world, "players.db")));
        var after = (await Admin.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{server.Id}/backups"))!;
        Assert.Contains(after.Backups, b => b.Id == backup.Id && b.Locations!.Any(l => l.Kind == BackupLocation.Local));
    }

    private async Task<BackupTargetView> CreateTargetAsync(object request)
    {
        using var response = await Admin.PostAsJsonAsync("/api/backup-targets", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<BackupTargetView>())!;
    }

    private async Task<BackupTargetTestResult> TestTargetAsync(Guid id)
    {
        using var response = await Admin.PostAsync($"/api/backup-targets/{id}/test", null).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<BackupTargetTestResult>())!;
    }

    private static string ReadAll(string dir) => !Directory.Exists(dir) ? "" : string.Concat(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
        .Where(f => new FileInfo(f).Length < 16 << 20).Select(f => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f))));

    private async Task<ServerView> CreateRunningAsync()
    {
        var ports = FreePorts.ServerSet();
        var name = "t" + Guid.NewGuid().ToString("N")[..10];
        using var response = await Admin.PostAsJsonAsync($"/api/agents/{AgentId}/servers", new
        {
            name, profileId = "pz-sim", tag = await PzSimImage.EnsureAsync(), gamePort = ports.Game, udpPort = ports.Udp, rconPort = ports.Rcon,
            config = new { extraEnv = new Dictionary<string, string> { ["SIM_BOOT_DELAY_SECONDS"] = "1", ["SIM_PLAYERS"] = "alice" } },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        _created.Add(name);
        var server = (await response.Content.ReadFromJsonAsync<ServerView>())!;
        return await Eventually.ReturnsAsync(async () => (await Admin.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}"))!,
            v => v.Status == ServerStatuses.Running, "server running", s_bound);
    }

    protected override async Task CleanupAsync()
    {
        foreach (var name in _created)
        {
            await Processes.RunAsync("docker", ["rm", "-f", $"zedops-{name}"]);
        }
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public string Text => string.Join('\n', _lines);

        public ILogger CreateLogger(string categoryName) => new Collector(_lines);

        public void Dispose()
        {
        }

        private sealed class Collector(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception) + exception);
        }
    }
}
