using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZedOps.Agent.Backups;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Backups;

/// <summary>Chunked reads and uploads against a real backup store on disk, with real archives.</summary>
public sealed class BackupTransfersTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("zedops-transfers-").FullName;
    private readonly Guid _source = Guid.NewGuid();
    private readonly Guid _target = Guid.NewGuid();
    private readonly Clock _clock = new();
    private readonly BackupStore _store;
    private readonly BackupTransfers _transfers;

    public BackupTransfersTests()
    {
        _store = new BackupStore(Options.Create(new AgentOptions { DataRoot = Path.Combine(_root, "servers"), BackupRoot = Path.Combine(_root, "backups") }), _clock);
        _transfers = new BackupTransfers(_store, _clock, NullLogger<BackupTransfers>.Instance);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ReadAsync_InChunks_GivesTheArchiveBytes_ShortChunkAtTheEnd()
    {
        var (id, bytes) = await CreateBackupAsync();

        var chunks = new List<BackupChunk>();
        for (long offset = 0; offset < bytes.Length; offset += BackupChunks.Size)
        {
            chunks.Add(await _transfers.ReadAsync(new ReadBackupChunk(_source, id, offset, BackupChunks.Size), CancellationToken.None).DefaultTimeout());
        }
        var past = await _transfers.ReadAsync(new ReadBackupChunk(_source, id, bytes.Length, BackupChunks.Size), CancellationToken.None).DefaultTimeout();

        Assert.True(chunks.Count > 1, "the test archive spans several chunks");
        Assert.Equal(bytes, chunks.SelectMany(c => c.Data).ToArray());
        Assert.True(chunks[^1].Data.Length < BackupChunks.Size);
        Assert.Empty(past.Data);
        var missing = await Assert.ThrowsAsync<WireRequestException>(() => _transfers.ReadAsync(new ReadBackupChunk(_source, "20261201T000000Z-abcdef", 0, 10), CancellationToken.None));
        Assert.Equal(ErrorCodes.NotFound, missing.Code);
    }

    [Fact]
    public async Task Upload_ChunksOutOfOrder_CommitVerifies_AddsBackupWithReason_NoTemporaryFileLeft()
    {
        var (_, bytes) = await CreateBackupAsync();

        var upload = _transfers.Begin(new BeginBackupUpload(_target, bytes.Length)).UploadId;
        foreach (var offset in Offsets(bytes.Length).Reverse())
        {
            await _transfers.WriteAsync(new WriteBackupUploadChunk(upload, offset, Slice(bytes, offset)), CancellationToken.None).DefaultTimeout();
        }
        var info = await _transfers.CommitAsync(new CommitBackupUpload(upload, "upload", false, "not known"), CancellationToken.None).DefaultTimeout();

        Assert.Equal("upload", info.Reason);
        Assert.Equal("w", info.World);
        Assert.Equal(bytes.Length, info.ArchiveBytes);
        Assert.Equal(await BackupArchive.HashFileAsync(_store.ArchivePath(_target, info.Id), CancellationToken.None), info.ArchiveSha256);
        Assert.Equal(info.Id, Assert.Single((await _store.ListAsync(_target, CancellationToken.None)).Backups).Id);
        await BackupExtraction.VerifyAsync(_store.ArchivePath(_target, info.Id), CancellationToken.None).DefaultTimeout();
        Assert.Equal(2, Directory.GetFiles(_store.ServerDir(_target)).Length); // the archive and its sidecar, nothing else
        Assert.Equal(0, _transfers.OpenUploads);
    }

    [Fact]
    public async Task Commit_FlippedByte_RefusedAsCorrupt_NothingKept()
    {
        var (_, bytes) = await CreateBackupAsync();
        bytes[bytes.Length / 2] ^= 0x20;

        var upload = await UploadAllAsync(bytes);
        var refused = await Assert.ThrowsAsync<WireRequestException>(() => _transfers.CommitAsync(new CommitBackupUpload(upload, "upload", false, null), CancellationToken.None));

        Assert.Equal(ErrorCodes.BackupCorrupt, refused.Code);
        Assert.Contains("not a valid ZedOps backup", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_store.ServerDir(_target)));
    }

    [Fact]
    public async Task Commit_NotAnArchive_RefusedAsCorrupt_NothingKept()
    {
        var upload = await UploadAllAsync("this is a text file, not a backup"u8.ToArray());

        var refused = await Assert.ThrowsAsync<WireRequestException>(() => _transfers.CommitAsync(new CommitBackupUpload(upload, "upload", false, null), CancellationToken.None));

        Assert.Equal(ErrorCodes.BackupCorrupt, refused.Code);
        Assert.Empty(Directory.GetFiles(_store.ServerDir(_target)));
    }

    [Fact]
    public async Task Commit_BeforeEveryByteArrived_Refused_TemporaryFileRemoved()
    {
        var (_, bytes) = await CreateBackupAsync();
        var upload = _transfers.Begin(new BeginBackupUpload(_target, bytes.Length)).UploadId;
        await _transfers.WriteAsync(new WriteBackupUploadChunk(upload, 0, Slice(bytes, 0)), CancellationToken.None).DefaultTimeout();

        var refused = await Assert.ThrowsAsync<WireRequestException>(() => _transfers.CommitAsync(new CommitBackupUpload(upload, "upload", false, null), CancellationToken.None));

        Assert.Equal(ErrorCodes.BadRequest, refused.Code);
        Assert.Contains($"of {bytes.Length} bytes", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_store.ServerDir(_target)));
    }

    [Fact]
    public async Task Abort_RemovesTemporaryFile_LaterChunksAndCommitAreRefused()
    {
        var (_, bytes) = await CreateBackupAsync();
        var upload = _transfers.Begin(new BeginBackupUpload(_target, bytes.Length)).UploadId;
        await _transfers.WriteAsync(new WriteBackupUploadChunk(upload, 0, Slice(bytes, 0)), CancellationToken.None).DefaultTimeout();
        Assert.Single(Directory.GetFiles(_store.ServerDir(_target)));

        Assert.True(_transfers.Abort(upload));

        Assert.Empty(Directory.GetFiles(_store.ServerDir(_target)));
        Assert.False(_transfers.Abort(upload));
        var write = await Assert.ThrowsAsync<WireRequestException>(() => _transfers.WriteAsync(new WriteBackupUploadChunk(upload, 0, [1]), CancellationToken.None));
        var commit = await Assert.ThrowsAsync<WireRequestException>(() => _transfers.CommitAsync(new CommitBackupUpload(upload, "upload", false, null), CancellationToken.None));
        Assert.Equal(ErrorCodes.NotFound, write.Code);
        Assert.Equal(ErrorCodes.NotFound, commit.Code);
    }

    [Fact]
    public void Begin_LargerThanTheFreeSpace_RefusedAsDiskFull_NothingWritten()
    {
        var refused = Assert.Throws<WireRequestException>(() => _transfers.Begin(new BeginBackupUpload(_target, 1L << 55)));

        Assert.Equal(ErrorCodes.DiskFull, refused.Code);
        Assert.Contains("nothing was written", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_store.ServerDir(_target)));
    }

    [Fact]
    public async Task Write_OutsideTheAnnouncedLength_Refused()
    {
        var upload = _transfers.Begin(new BeginBackupUpload(_target, 10)).UploadId;

        var refused = await Assert.ThrowsAsync<WireRequestException>(() => _transfers.WriteAsync(new WriteBackupUploadChunk(upload, 8, [1, 2, 3]), CancellationToken.None));

        Assert.Equal(ErrorCodes.BadRequest, refused.Code);
        Assert.True(_transfers.Abort(upload));
    }

    [Fact]
    public async Task Begin_AfterAnUploadWasLeftIdle_RemovesIt()
    {
        var (_, bytes) = await CreateBackupAsync();
        var idle = await UploadAllAsync(bytes);
        _clock.Advance(BackupTransfers.IdleUpload + TimeSpan.FromSeconds(1));

        var fresh = _transfers.Begin(new BeginBackupUpload(_target, 10)).UploadId;

        Assert.Equal(1, _transfers.OpenUploads);
        Assert.Single(Directory.GetFiles(_store.ServerDir(_target)));
        Assert.False(_transfers.Abort(idle));
        Assert.True(_transfers.Abort(fresh));
    }

    [Fact]
    public async Task Copy_OnTheSameHost_VerifiedIntoTheOtherServersBackups_SourceKept()
    {
        var (id, bytes) = await CreateBackupAsync();

        var info = await _transfers.CopyAsync(new CopyBackup(_source, id, _target, "clone", true, "saved"), CancellationToken.None).DefaultTimeout();

        Assert.Equal(("clone", bytes.Length, "w"), (info.Reason, info.ArchiveBytes, info.World));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(_store.ArchivePath(_target, info.Id)));
        Assert.Equal(2, Directory.GetFiles(_store.ServerDir(_target)).Length);
        Assert.True(File.Exists(_store.ArchivePath(_source, id)));
    }

    [Fact]
    public async Task Copy_DamagedSource_RefusedAsCorrupt_NothingKept()
    {
        var (id, bytes) = await CreateBackupAsync();
        bytes[bytes.Length / 2] ^= 0x20;
        await File.WriteAllBytesAsync(_store.ArchivePath(_source, id), bytes);

        var refused = await Assert.ThrowsAsync<WireRequestException>(() => _transfers.CopyAsync(new CopyBackup(_source, id, _target, "clone", true, null), CancellationToken.None));

        Assert.Equal(ErrorCodes.BackupCorrupt, refused.Code);
        Assert.Empty(Directory.GetFiles(_store.ServerDir(_target)));
    }

    private async Task<string> UploadAllAsync(byte[] bytes)
    {
        var upload = _transfers.Begin(new BeginBackupUpload(_target, bytes.Length)).UploadId;
        foreach (var offset in Offsets(bytes.Length))
        {
            await _transfers.WriteAsync(new WriteBackupUploadChunk(upload, offset, Slice(bytes, offset)), CancellationToken.None).DefaultTimeout();
        }
        return upload;
    }

    private static IEnumerable<long> Offsets(long length)
    {
        for (long offset = 0; offset < length; offset += BackupChunks.Size)
        {
            yield return offset;
        }
    }

    private static byte[] Slice(byte[] bytes, long offset) => bytes[(int)offset..(int)Math.Min(bytes.Length, offset + BackupChunks.Size)];

    /// <summary>A backup of world "w" whose archive spans a few chunks (random bytes do not compress).</summary>
    private async Task<(string Id, byte[] Bytes)> CreateBackupAsync()
    {
        var data = Path.Combine(_root, "servers", "w");
        Directory.CreateDirectory(Path.Combine(data, "Saves", "Multiplayer", "w"));
        await File.WriteAllBytesAsync(Path.Combine(data, "Saves", "Multiplayer", "w", "map.bin"), Random.Shared.GetItems<byte>(Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(), 1_300_000));
        await File.WriteAllTextAsync(Path.Combine(data, "Saves", "Multiplayer", "w", "players.db"), new string('p', 100_000));
        var id = _store.NewId();
        var archive = _store.ArchivePath(_source, id);
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        await BackupArchive.CreateAsync(data, "w", "w", archive, _clock.GetUtcNow(), new BackupLabels("manual", true, null), CancellationToken.None);
        return (id, await File.ReadAllBytesAsync(archive));
    }

    private sealed class Clock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
