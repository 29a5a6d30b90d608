using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZedOps.Agent.Backups;
using ZedOps.Agent.Backups.Targets;
using ZedOps.Protocol.Backups;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Backups.Targets;

/// <summary>Push, fetch and test against a real sshd and a real S3-compatible server (moto).</summary>
public sealed class TargetCommandsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("zedops-targets-").FullName;
    private readonly Guid _serverId = Guid.NewGuid();
    private readonly BackupStore _store;
    private readonly TargetCommands _commands;

    public TargetCommandsTests()
    {
        _store = new BackupStore(Options.Create(new AgentOptions { DataRoot = Path.Combine(_root, "servers"), BackupRoot = Path.Combine(_root, "backups") }), TimeProvider.System);
        _commands = new TargetCommands(_store, NullLogger<TargetCommands>.Instance);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [SftpFact]
    public async Task Fetch_ArchiveDamagedOnTarget_RefusedAndNothingLeftLocally()
    {
        await using var sftp = await SftpServer.StartAsync();
        var target = new RemoteTarget(Guid.NewGuid(), "sftp", RemoteTarget.SftpKind,
            new SftpSettings("127.0.0.1", sftp.Port, SftpServer.User, sftp.RemoteDir, sftp.HostKeyFingerprint, null, sftp.PrivateKey), null);
        var id = await CreateLocalBackupAsync();

        var pushed = await _commands.PushAsync(new PushBackup(_serverId, id, target), CancellationToken.None);
        Assert.StartsWith("sftp://", pushed.Location, StringComparison.Ordinal);
        await _store.DeleteAsync(_serverId, id, CancellationToken.None);

        var remote = Path.Combine(sftp.RemoteDir, _serverId.ToString("D"), id + BackupArchive.Extension);
        var bytes = await File.ReadAllBytesAsync(remote);
        bytes[bytes.Length / 2] ^= 0x20;
        await File.WriteAllBytesAsync(remote, bytes);

        var refused = await Assert.ThrowsAsync<BackupException>(() => _commands.FetchAsync(new FetchBackup(_serverId, id, target), CancellationToken.None));
        Assert.Equal(BackupException.Corrupt, refused.Code);
        Assert.Empty(Directory.EnumerateFiles(_store.ServerDir(_serverId)));
    }

    [S3Fact]
    public async Task S3_PushFetchRoundTrip_VerifiedIntoTheStore_UnreachableNamed()
    {
        await using var s3 = await S3Server.StartAsync();
        await s3.CreateBucketAsync("agent-tests");
        var target = new RemoteTarget(Guid.NewGuid(), "s3", RemoteTarget.S3Kind, null,
            new S3Settings(s3.Endpoint, "us-east-1", "agent-tests", "p/q", true, "AKIATEST", "secret"));
        var id = await CreateLocalBackupAsync();
        var before = await _store.InfoAsync(_serverId, id, CancellationToken.None);

        await _commands.PushAsync(new PushBackup(_serverId, id, target), CancellationToken.None);
        await _store.DeleteAsync(_serverId, id, CancellationToken.None);
        var fetched = await _commands.FetchAsync(new FetchBackup(_serverId, id, target), CancellationToken.None);

        Assert.Equal(before.ArchiveSha256, fetched.ArchiveSha256);
        Assert.Equal(2, Directory.EnumerateFiles(_store.ServerDir(_serverId)).Count()); // archive + sidecar, no .partial

        var closed = target with { S3 = target.S3! with { Endpoint = $"http://127.0.0.1:{FreePorts.Tcp()}" } };
        var unreachable = await Assert.ThrowsAsync<RemoteTargetException>(() => TargetCommands.TestAsync(closed, CancellationToken.None));
        Assert.StartsWith("unreachable", unreachable.Message, StringComparison.Ordinal);
    }

    private async Task<string> CreateLocalBackupAsync()
    {
        var data = Path.Combine(_root, "servers", "w");
        Directory.CreateDirectory(Path.Combine(data, "Saves", "Multiplayer", "w"));
        await File.WriteAllTextAsync(Path.Combine(data, "Saves", "Multiplayer", "w", "players.db"), new string('p', 100_000));
        var id = _store.NewId();
        var archive = _store.ArchivePath(_serverId, id);
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        await BackupArchive.CreateAsync(data, "w", "w", archive, DateTimeOffset.UtcNow, new BackupLabels("manual", true, null), CancellationToken.None);
        return id;
    }
}
