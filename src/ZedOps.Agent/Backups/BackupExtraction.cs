using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using ZstdSharp;

namespace ZedOps.Agent.Backups;

/// <summary>
/// Reads a backup back: checks the archive's SHA-256 against its sidecar first (a flipped byte is refused before
/// anything is touched), then unpacks into an empty staging directory, refusing any entry that is not a plain file
/// or directory or whose path would leave the staging directory, and checks every file against the manifest.
/// Anything wrong removes the staging directory and throws a <see cref="BackupException"/>.
/// </summary>
public static class BackupExtraction
{
    /// <summary>Reads the whole archive without writing anything: the "verify" action.</summary>
    public static Task<BackupManifest> VerifyAsync(string archivePath, CancellationToken ct) => ReadAsync(archivePath, null, null, ct);

    /// <summary>Unpacks into <paramref name="stagingDir"/>, which must not exist yet.</summary>
    public static Task<BackupManifest> ExtractAsync(string archivePath, string stagingDir, CancellationToken ct) =>
        ExtractAsync(archivePath, stagingDir, null, ct);

    /// <summary><paramref name="progress"/>: where to report each unpacked file, against the totals the backup's
    /// sidecar lists.</summary>
    public static async Task<BackupManifest> ExtractAsync(string archivePath, string stagingDir, (IProgress<BackupCount> To, long Bytes, int Files)? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(stagingDir))!);
        if (Directory.Exists(stagingDir) || File.Exists(stagingDir))
        {
            throw new IOException($"staging directory {stagingDir} already exists");
        }
        Directory.CreateDirectory(stagingDir);
        try
        {
            return await ReadAsync(archivePath, stagingDir, progress, ct);
        }
        catch
        {
            Directory.Delete(stagingDir, recursive: true);
            throw;
        }
    }

    private static async Task<BackupManifest> ReadAsync(string archivePath, string? stagingDir, (IProgress<BackupCount> To, long Bytes, int Files)? progress, CancellationToken ct)
    {
        long doneBytes = 0;
        if (await BackupArchive.ReadSidecarAsync(archivePath, ct) is { } sidecar
            && await BackupArchive.HashFileAsync(archivePath, ct) is var actual && actual != sidecar.ArchiveSha256)
        {
            throw new BackupException(BackupException.Corrupt,
                $"the archive's SHA-256 is {actual[..12]}…, its manifest says {sidecar.ArchiveSha256[..12]}…: the file is damaged; nothing was restored");
        }
        var seen = new Dictionary<string, (long Size, string Sha)>(StringComparer.Ordinal);
        BackupManifest? manifest = null;
        try
        {
            await using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await using var zstd = new DecompressionStream(file);
            await using var tar = new TarReader(zstd);
            while (await tar.GetNextEntryAsync(copyData: false, ct) is { } entry)
            {
                if (entry.Name == BackupManifest.EntryName)
                {
                    manifest = await JsonSerializer.DeserializeAsync(entry.DataStream!, BackupJsonContext.Default.BackupManifest, ct);
                    continue;
                }
                var relative = SafeRelativePath(entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        if (stagingDir is not null)
                        {
                            Directory.CreateDirectory(Confine(stagingDir, relative));
                        }
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile:
                        var copied = await CopyAsync(entry.DataStream, stagingDir is null ? null : Confine(stagingDir, relative), ct);
                        seen[relative] = copied;
                        doneBytes += copied.Item1;
                        progress?.To.Report(new BackupCount(doneBytes, progress.Value.Bytes, seen.Count, progress.Value.Files));
                        break;
                    default:
                        throw new BackupException(BackupException.Unsafe, $"the archive holds a {entry.EntryType} entry '{entry.Name}'; backups hold only files and directories");
                }
            }
            // The tar reader stops at its end marker; reading zstd to the end of its frame checks the frame checksum,
            // which covers the bytes no file hash does (headers, padding).
            await zstd.CopyToAsync(Stream.Null, ct);
        }
        catch (Exception ex) when (ex is InvalidDataException or ZstdException or EndOfStreamException or FormatException or JsonException)
        {
            throw new BackupException(BackupException.Corrupt, $"the archive cannot be read ({ex.Message}): it is damaged or not a ZedOps backup", ex);
        }
        return Check(manifest, seen);
    }

    private static BackupManifest Check(BackupManifest? manifest, Dictionary<string, (long Size, string Sha)> seen)
    {
        if (manifest is null)
        {
            throw new BackupException(BackupException.Corrupt, "the archive has no manifest: it is truncated or not a ZedOps backup");
        }
        foreach (var expected in manifest.Files)
        {
            if (!seen.Remove(expected.Path, out var got) || got.Size != expected.Size || got.Sha != expected.Sha256)
            {
                throw new BackupException(BackupException.Corrupt, $"'{expected.Path}' is missing or differs from the manifest");
            }
        }
        if (seen.Count > 0)
        {
            throw new BackupException(BackupException.Corrupt, $"'{seen.Keys.First()}' is in the archive but not in its manifest");
        }
        return manifest;
    }

    private static async Task<(long, string)> CopyAsync(Stream? data, string? target, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long size = 0;
        await using var output = target is null ? null : CreateFile(target);
        if (data is not null)
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await data.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
                if (output is not null)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), ct);
                }
            }
        }
        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static FileStream CreateFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
    }

    /// <summary>A relative path with no root, no <c>..</c>, no empty or <c>.</c> segments and no NUL: anything else
    /// could write outside the server's data (zip-slip) and is refused.</summary>
    internal static string SafeRelativePath(string name)
    {
        var trimmed = name.TrimEnd('/');
        var segments = trimmed.Split('/');
        if (trimmed.Length == 0 || trimmed.StartsWith('/') || trimmed.Contains('\\') || trimmed.Contains('\0')
            || segments.Any(s => s is "" or "." or ".."))
        {
            throw new BackupException(BackupException.Unsafe, $"the archive entry '{name}' would land outside the server's data; nothing was restored");
        }
        return trimmed;
    }

    private static string Confine(string root, string relative)
    {
        var fullRoot = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(fullRoot, relative));
        return full.StartsWith(fullRoot, StringComparison.Ordinal)
            ? full
            : throw new BackupException(BackupException.Unsafe, $"the archive entry '{relative}' would land outside the server's data; nothing was restored");
    }
}
