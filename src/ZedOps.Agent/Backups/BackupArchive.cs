using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using ZstdSharp;

namespace ZedOps.Agent.Backups;

/// <summary>
/// A backup is one <c>.tar.zst</c> file (PAX tar, zstd level 3) of a server's world, streamed file by file so a
/// world of any size never sits in memory, with a manifest of every file's size and SHA-256 as its last entry and a
/// sidecar <c>&lt;archive&gt;.json</c> that adds the archive's own SHA-256. It is written to <c>.partial</c> and renamed
/// only when complete: a failed or full-disk run leaves nothing behind.
/// </summary>
public static class BackupArchive
{
    public const string Extension = ".tar.zst";
    private const int CompressionLevel = 3;

    public static Task<BackupSidecar> CreateAsync(string dataDir, string serverName, string world, string archivePath,
        DateTimeOffset createdAt, BackupLabels labels, CancellationToken ct) =>
        CreateAsync(dataDir, serverName, world, archivePath, createdAt, labels, null, ct);

    /// <summary><paramref name="progress"/> hears after every file how far the copy has got (the totals come from a
    /// first walk of the files; a running server writing meanwhile may change them a little). Memory stays flat
    /// whatever the number of files: the files are walked twice rather than listed, the manifest is spooled to disk.</summary>
    public static async Task<BackupSidecar> CreateAsync(string dataDir, string serverName, string world, string archivePath,
        DateTimeOffset createdAt, BackupLabels labels, IProgress<BackupCount>? progress, CancellationToken ct)
    {
        var partial = archivePath + ".partial";
        var selection = BackupSelection.For(world);
        var (totalFiles, totalBytes) = (0, 0L);
        foreach (var (_, _, length) in Enumerate(dataDir, selection))
        {
            (totalFiles, totalBytes) = (totalFiles + 1, totalBytes + length);
        }
        var header = new BackupManifest(BackupManifest.CurrentVersion, serverName, world, createdAt, []);
        try
        {
            string archiveSha;
            int files;
            long bytes;
            await using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await using (var spool = new ManifestSpool(partial + ".manifest", header))
            {
                using var sha = SHA256.Create();
                await using (var hashing = new CryptoStream(file, sha, CryptoStreamMode.Write, leaveOpen: true))
                {
                    await using (var zstd = new CompressionStream(hashing, CompressionLevel, leaveOpen: true))
                    {
                        // zstd's own frame checksum: a damaged upload without a sidecar is still caught while reading.
                        zstd.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
                        await using (var tar = new TarWriter(zstd, TarEntryFormat.Pax, leaveOpen: true))
                        {
                            foreach (var (full, relative, _) in Enumerate(dataDir, selection))
                            {
                                await spool.AddAsync(await WriteFileAsync(tar, full, relative, ct), ct);
                                progress?.Report(new BackupCount(spool.Bytes, totalBytes, spool.Count, totalFiles));
                            }
                            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, BackupManifest.EntryName)
                            {
                                DataStream = await spool.FinishAsync(ct), ModificationTime = createdAt,
                            }, ct);
                        }
                    }
                    await hashing.FlushFinalBlockAsync(ct);
                }
                archiveSha = Convert.ToHexStringLower(sha.Hash!);
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
                (files, bytes) = (spool.Count, spool.Bytes);
            }
            var sidecar = BackupSidecar.Summary(header, files, bytes, new FileInfo(partial).Length, archiveSha, labels);
            await WriteSidecarAsync(archivePath, sidecar, ct);
            File.Move(partial, archivePath);
            return sidecar;
        }
        catch (Exception ex)
        {
            File.Delete(partial);
            File.Delete(SidecarPath(archivePath));
            if (IsDiskFull(ex))
            {
                throw new BackupException(BackupException.DiskFull, $"the backup disk is full ({ex.Message}); the partial archive was removed", ex);
            }
            throw;
        }
    }

    public static string SidecarPath(string archivePath) => archivePath + ".json";

    public static async Task<BackupSidecar?> ReadSidecarAsync(string archivePath, CancellationToken ct)
    {
        var path = SidecarPath(archivePath);
        if (!File.Exists(path))
        {
            return null;
        }
        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync(stream, BackupJsonContext.Default.BackupSidecar, ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The archive's SHA-256, read through once (no decompression).</summary>
    public static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }

    private static async Task<BackupFile> WriteFileAsync(TarWriter tar, string full, string relative, CancellationToken ct)
    {
        var info = new FileInfo(full);
        var length = info.Length;
        await using var source = new HashingReadStream(new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, useAsync: true), length);
        var entry = new PaxTarEntry(TarEntryType.RegularFile, relative)
        {
            DataStream = source, ModificationTime = info.LastWriteTimeUtc,
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        };
        await tar.WriteEntryAsync(entry, ct);
        return new BackupFile(relative, length, source.Sha256());
    }

    /// <summary>Regular files under the selected paths, in a stable order; symbolic links are never followed.</summary>
    private static IEnumerable<(string Full, string Relative, long Length)> Enumerate(string dataDir, IReadOnlyList<string> selection)
    {
        var root = Path.GetFullPath(dataDir);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false };
        foreach (var selected in selection)
        {
            var path = Path.Combine(root, selected);
            if (new FileInfo(path) is { Exists: true } single && !single.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                yield return (path, selected.Replace('\\', '/'), single.Length);
            }
            else if (Directory.Exists(path) && !new DirectoryInfo(path).Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", options).Order(StringComparer.Ordinal))
                {
                    yield return (file, Path.GetRelativePath(root, file).Replace('\\', '/'), new FileInfo(file).Length);
                }
            }
        }
    }

    internal static async Task WriteSidecarAsync(string archivePath, BackupSidecar sidecar, CancellationToken ct)
    {
        var path = SidecarPath(archivePath);
        var temp = path + ".partial";
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(sidecar, BackupJsonContext.Default.BackupSidecar), ct);
        File.Move(temp, path, overwrite: true);
    }

    internal static bool IsDiskFull(Exception ex) =>
        ex is IOException io && (io.HResult is 28 or 122 || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase)
            || io.Message.Contains("quota", StringComparison.OrdinalIgnoreCase)
            || io.Message.Contains("disk was full", StringComparison.OrdinalIgnoreCase)) // .NET's words when a preallocation does not fit
        || ex.InnerException is { } inner && IsDiskFull(inner);
}
