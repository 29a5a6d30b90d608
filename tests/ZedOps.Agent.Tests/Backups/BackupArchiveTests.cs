using System.Diagnostics;
using System.Formats.Tar;
using ZedOps.Agent.Backups;
using ZedOps.Testing;
using ZstdSharp;

namespace ZedOps.Agent.Tests.Backups;

public sealed class BackupArchiveTests : IDisposable
{
    private static readonly DateTimeOffset s_at = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BackupLabels s_labels = new("manual", true, null);
    private readonly string _root = Directory.CreateTempSubdirectory("zedops-backup-").FullName;
    private string Data => Path.Combine(_root, "data");
    private string Archive => Path.Combine(_root, "backups", "b1" + BackupArchive.Extension);

    public BackupArchiveTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "backups"));
        Write("Server/pzserver.ini", "PublicName=Test\nRCONPassword=x\n");
        Write("Server/pzserver_SandboxVars.lua", "SandboxVars = { Zombies = 3 }\n");
        Write("db/pzserver.db", new string('d', 5000));
        Write("Lua/ServerPlayerItemMap.bin", "lua");
        Write("mods/readme.txt", "mods");
        Write("Saves/Multiplayer/pzserver/players.db", new string('p', 70_000));
        Write("Saves/Multiplayer/pzserver/map/0/0.bin", "chunk-0-0");
        Write("Saves/Multiplayer/other/map.bin", "another world: not in this backup");
        Write("db/other.db", "another world's db");
        Write("Logs/server.txt", "logs are not backed up");
        Write("backups/startup/backup_1.zip", "the game's own zips are not backed up");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string text)
    {
        var path = Path.Combine(Data, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public async Task Create_ThenExtract_SameWorldFilesOnly()
    {
        var sidecar = await BackupArchive.CreateAsync(Data, "pzserver", "pzserver", Archive, s_at, s_labels, default);
        var listed = await BackupExtraction.VerifyAsync(Archive, default); // the manifest the archive ends with

        Assert.Equal(
            ["Lua/ServerPlayerItemMap.bin", "Saves/Multiplayer/pzserver/map/0/0.bin", "Saves/Multiplayer/pzserver/players.db", "Server/pzserver.ini",
             "Server/pzserver_SandboxVars.lua", "db/pzserver.db", "mods/readme.txt"],
            listed.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal((listed.Files.Count, listed.TotalBytes), (sidecar.Files, sidecar.Bytes));
        Assert.Empty(sidecar.Manifest.Files); // the sidecar keeps counts, never the list
        Assert.Equal(("pzserver", "pzserver", s_at), (listed.ServerName, listed.World, listed.CreatedAt));
        Assert.Equal(new FileInfo(Archive).Length, sidecar.ArchiveBytes);
        Assert.True(sidecar.ArchiveBytes < sidecar.Bytes / 5, $"compressed {sidecar.ArchiveBytes} of {sidecar.Bytes} bytes");
        Assert.False(File.Exists(Archive + ".partial"));
        Assert.False(File.Exists(Archive + ".partial.manifest"));

        var staging = Path.Combine(_root, "staging");
        var manifest = await BackupExtraction.ExtractAsync(Archive, staging, default);

        Assert.Equal(listed.Files, manifest.Files);
        foreach (var file in manifest.Files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(Data, file.Path)), File.ReadAllBytes(Path.Combine(staging, file.Path)));
        }
        Assert.False(Directory.Exists(Path.Combine(staging, "Logs")));
        Assert.False(File.Exists(Path.Combine(staging, "db", "other.db")));
    }

    [Fact]
    public async Task FlippedByte_RefusedBeforeAnythingIsWritten()
    {
        await BackupArchive.CreateAsync(Data, "pzserver", "pzserver", Archive, s_at, s_labels, default);
        var bytes = File.ReadAllBytes(Archive);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(Archive, bytes);
        var staging = Path.Combine(_root, "staging");

        var verify = await Assert.ThrowsAsync<BackupException>(() => BackupExtraction.VerifyAsync(Archive, default));
        var extract = await Assert.ThrowsAsync<BackupException>(() => BackupExtraction.ExtractAsync(Archive, staging, default));

        Assert.Equal((BackupException.Corrupt, BackupException.Corrupt), (verify.Code, extract.Code));
        Assert.Contains("damaged", extract.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(staging));
    }

    [Fact]
    public async Task FlippedByte_WithoutSidecar_CaughtByTheContentChecks_WhereverItIs()
    {
        await BackupArchive.CreateAsync(Data, "pzserver", "pzserver", Archive, s_at, s_labels, default);
        File.Delete(BackupArchive.SidecarPath(Archive)); // an uploaded archive comes without one
        var original = File.ReadAllBytes(Archive);

        // Headers, padding and file data alike, past the zstd frame header: a flip is refused, or — where it falls in
        // bits the decoder ignores (seen near the end of the last block, about one run in ten) — it changed nothing,
        // and every unpacked file is byte for byte the original. A flip may never give different files.
        var refused = 0;
        for (var k = 1; k < 24; k++)
        {
            var bytes = (byte[])original.Clone();
            bytes[original.Length * k / 24] ^= 0x40;
            File.WriteAllBytes(Archive, bytes);
            var staging = Path.Combine(_root, $"staging{k}");
            try
            {
                var manifest = await BackupExtraction.ExtractAsync(Archive, staging, default);
                Assert.All(manifest.Files, f => Assert.Equal(File.ReadAllBytes(Path.Combine(Data, f.Path)), File.ReadAllBytes(Path.Combine(staging, f.Path))));
                Directory.Delete(staging, recursive: true);
            }
            catch (BackupException error)
            {
                // Garbage unpacked before the frame checksum is reached may also read as an entry no backup holds.
                Assert.Contains(error.Code, new[] { BackupException.Corrupt, BackupException.Unsafe });
                Assert.False(Directory.Exists(staging));
                refused++;
            }
        }
        Assert.True(refused >= 20, $"only {refused} of 23 flipped bytes refused");
    }

    [Theory]
    [InlineData("../escaped.txt")]
    [InlineData("Server/../../escaped.txt")]
    [InlineData("/tmp/escaped.txt")]
    public async Task EntryOutsideTheData_Refused_NothingWrittenOutside(string name)
    {
        await WriteHostileArchiveAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream("pwned"u8.ToArray()) });
        var staging = Path.Combine(_root, "deep", "staging");

        var error = await Assert.ThrowsAsync<BackupException>(() => BackupExtraction.ExtractAsync(Archive, staging, default));

        Assert.Equal(BackupException.Unsafe, error.Code);
        Assert.False(File.Exists(Path.Combine(_root, "deep", "escaped.txt")));
        Assert.False(File.Exists(Path.Combine(_root, "escaped.txt")));
        Assert.False(Directory.Exists(staging));
    }

    [Fact]
    public async Task SymbolicLinkEntry_Refused()
    {
        await WriteHostileArchiveAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "Server/link") { LinkName = "/etc" });

        var error = await Assert.ThrowsAsync<BackupException>(() => BackupExtraction.ExtractAsync(Archive, Path.Combine(_root, "staging"), default));

        Assert.Equal(BackupException.Unsafe, error.Code);
    }

    [Fact]
    public async Task SymbolicLinkInTheData_NotFollowed()
    {
        File.CreateSymbolicLink(Path.Combine(Data, "Server", "secrets"), "/etc");

        await BackupArchive.CreateAsync(Data, "pzserver", "pzserver", Archive, s_at, s_labels, default);
        var manifest = await BackupExtraction.VerifyAsync(Archive, default);

        Assert.Contains(manifest.Files, f => f.Path == "Server/pzserver.ini");
        Assert.DoesNotContain(manifest.Files, f => f.Path.StartsWith("Server/secrets", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SidecarOfAnEarlierVersion_WithTheFileList_StillReadsItsCounts()
    {
        var earlier = new BackupSidecar(new BackupManifest(1, "pzserver", "pzserver", s_at, [new BackupFile("db/pzserver.db", 5000, "ab"), new BackupFile("Lua/x", 3, "cd")]),
            1234, "00ff", s_labels);
        await BackupArchive.WriteSidecarAsync(Archive, earlier, default);

        var read = await BackupArchive.ReadSidecarAsync(Archive, default);
        var info = BackupStore.ToInfo(Guid.NewGuid(), "20261201T000000Z-abcdef", read!);

        Assert.Equal((2, 5003L, 1234L), (info.Files, info.DataBytes, info.ArchiveBytes));
    }

    [RootFact]
    public async Task DiskFull_PartialArchiveRemoved_TypedError()
    {
        var small = Path.Combine(_root, "small");
        Directory.CreateDirectory(small);
        Run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small);
        try
        {
            var random = new byte[2 * 1024 * 1024];
            Random.Shared.NextBytes(random); // incompressible
            File.WriteAllBytes(Path.Combine(Data, "Saves", "Multiplayer", "pzserver", "map", "big.bin"), random);
            var archive = Path.Combine(small, "b" + BackupArchive.Extension);

            var error = await Assert.ThrowsAsync<BackupException>(() => BackupArchive.CreateAsync(Data, "pzserver", "pzserver", archive, s_at, s_labels, default));

            Assert.Equal(BackupException.DiskFull, error.Code);
            Assert.Empty(Directory.EnumerateFileSystemEntries(small));
        }
        finally
        {
            Run("umount", small);
        }
    }

    private async Task WriteHostileArchiveAsync(TarEntry entry)
    {
        await using var file = File.Create(Archive);
        await using var zstd = new CompressionStream(file);
        await using var tar = new TarWriter(zstd, TarEntryFormat.Pax);
        await tar.WriteEntryAsync(entry);
    }

    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {process.StandardError.ReadToEnd()}");
    }
}
