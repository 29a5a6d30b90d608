using System.Text.Json.Serialization;

namespace ZedOps.Agent.Backups;

/// <summary>What a backup archive holds: every file with its size and SHA-256, written as the archive's last entry
/// (hashes are known only once the files have streamed through) and beside it as a sidecar for fast listing.</summary>
public sealed record BackupManifest(int Version, string ServerName, string World, DateTimeOffset CreatedAt, IReadOnlyList<BackupFile> Files)
{
    public const int CurrentVersion = 1;

    /// <summary>The manifest's name inside the archive; never a path a game file can have.</summary>
    public const string EntryName = ".zedops/manifest.json";

    public long TotalBytes => Files.Sum(f => f.Size);
}

public sealed record BackupFile(string Path, long Size, string Sha256);

/// <summary>The sidecar <c>&lt;archive&gt;.json</c>: the manifest's header, file count and size plus the archive's own
/// size and SHA-256, so a listing never decompresses and a flipped byte is caught before a restore touches anything.
/// The file list itself is only in the archive (a world of 100,000 files would make every listing parse megabytes);
/// sidecars written before had it in <see cref="Manifest"/> and no counts, and still read.</summary>
public sealed record BackupSidecar(BackupManifest Manifest, long ArchiveBytes, string ArchiveSha256, BackupLabels Labels, int? FileCount = null, long? DataBytes = null)
{
    [JsonIgnore]
    public int Files => FileCount ?? Manifest.Files.Count;

    [JsonIgnore]
    public long Bytes => DataBytes ?? Manifest.TotalBytes;

    public static BackupSidecar Summary(BackupManifest header, int files, long bytes, long archiveBytes, string archiveSha256, BackupLabels labels) =>
        new(header with { Files = [] }, archiveBytes, archiveSha256, labels, files, bytes);

    public static BackupSidecar Of(BackupManifest manifest, long archiveBytes, string archiveSha256, BackupLabels labels) =>
        Summary(manifest, manifest.Files.Count, manifest.TotalBytes, archiveBytes, archiveSha256, labels);
}

/// <summary>Why a backup was taken, whether the world was confirmed saved just before it, and whether it is locked
/// against deletion and retention.</summary>
public sealed record BackupLabels(string Reason, bool Consistent, string? ConsistencyNote, bool Locked = false);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(BackupManifest))]
[JsonSerializable(typeof(BackupSidecar))]
[JsonSerializable(typeof(BackupLabels))]
internal sealed partial class BackupJsonContext : JsonSerializerContext;

/// <summary>A backup or restore that cannot go on, with a code the manager maps to a clear message.</summary>
public sealed class BackupException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public const string DiskFull = "disk_full";
    public const string Corrupt = "corrupt";
    public const string Changed = "changed_during_backup";
    public const string Unsafe = "unsafe_entry";

    public string Code { get; } = code;
}
