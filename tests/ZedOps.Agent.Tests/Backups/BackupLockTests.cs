using Microsoft.Extensions.Options;
using ZedOps.Agent.Backups;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Tests.Backups;

/// <summary>The lock lives in the backup's sidecar: it survives a new store (an agent restart) and refuses deletion.</summary>
public sealed class BackupLockTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "zedops-lock-" + Guid.NewGuid().ToString("N"));
    private readonly Guid _serverId = Guid.NewGuid();

    private BackupStore NewStore() =>
        new(Options.Create(new AgentOptions { DataRoot = Path.Combine(_root, "servers"), BackupRoot = Path.Combine(_root, "backups") }), TimeProvider.System);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Lock_KeptInSidecar_DeleteRefusedUntilUnlocked()
    {
        var store = NewStore();
        var id = await CreateBackupAsync(store);

        var locked = await store.SetLockAsync(new LockBackup(_serverId, id, true), CancellationToken.None);
        var restarted = NewStore();
        var listed = Assert.Single((await restarted.ListAsync(_serverId, CancellationToken.None)).Backups);
        var refused = await Assert.ThrowsAsync<WireRequestException>(() => restarted.DeleteAsync(_serverId, id, CancellationToken.None));

        Assert.True(locked.Locked);
        Assert.True(listed.Locked);
        Assert.Equal(ErrorCodes.Conflict, refused.Code);
        Assert.Contains("unlock it first", refused.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(restarted.ArchivePath(_serverId, id)));

        await restarted.SetLockAsync(new LockBackup(_serverId, id, false), CancellationToken.None);
        Assert.True(await restarted.DeleteAsync(_serverId, id, CancellationToken.None));
        Assert.False(File.Exists(restarted.ArchivePath(_serverId, id)));
    }

    [Fact]
    public async Task Lock_UnknownBackup_NotFound()
    {
        var missing = await Assert.ThrowsAsync<WireRequestException>(() =>
            NewStore().SetLockAsync(new LockBackup(_serverId, "20261201T000000Z-abcdef", true), CancellationToken.None));
        Assert.Equal(ErrorCodes.NotFound, missing.Code);
    }

    private async Task<string> CreateBackupAsync(BackupStore store)
    {
        var data = Path.Combine(_root, "servers", "w");
        Directory.CreateDirectory(Path.Combine(data, "Saves", "Multiplayer", "w"));
        await File.WriteAllTextAsync(Path.Combine(data, "Saves", "Multiplayer", "w", "players.db"), "p");
        var id = store.NewId();
        var archive = store.ArchivePath(_serverId, id);
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        await BackupArchive.CreateAsync(data, "w", "w", archive, DateTimeOffset.UtcNow, new BackupLabels("manual", true, null), CancellationToken.None);
        return id;
    }
}
