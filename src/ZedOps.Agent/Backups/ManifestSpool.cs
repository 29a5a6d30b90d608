using System.Text.Json;

namespace ZedOps.Agent.Backups;

/// <summary>
/// Writes a backup's manifest (the JSON of <see cref="BackupManifest"/>, the same shape the reader deserialises) to a
/// temporary file as the files stream into the archive, so a world of any number of files never has its list in
/// memory. <see cref="Finish"/> hands the file back, ready to be the archive's last entry; it is deleted on dispose.
/// </summary>
internal sealed class ManifestSpool : IAsyncDisposable
{
    private const int FlushAt = 64 * 1024;
    private readonly FileStream _file;
    private readonly Utf8JsonWriter _json;

    public ManifestSpool(string path, BackupManifest header)
    {
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        _json = new Utf8JsonWriter(_file);
        _json.WriteStartObject();
        _json.WriteNumber("version", header.Version);
        _json.WriteString("serverName", header.ServerName);
        _json.WriteString("world", header.World);
        _json.WriteString("createdAt", header.CreatedAt);
        _json.WriteStartArray("files");
    }

    public int Count { get; private set; }

    public long Bytes { get; private set; }

    public async Task AddAsync(BackupFile file, CancellationToken ct)
    {
        _json.WriteStartObject();
        _json.WriteString("path", file.Path);
        _json.WriteNumber("size", file.Size);
        _json.WriteString("sha256", file.Sha256);
        _json.WriteEndObject();
        Count++;
        Bytes += file.Size;
        if (_json.BytesPending > FlushAt)
        {
            await _json.FlushAsync(ct);
        }
    }

    /// <summary>Closes the JSON and returns the file positioned at its start (still owned by the spool).</summary>
    public async Task<Stream> FinishAsync(CancellationToken ct)
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        await _json.FlushAsync(ct);
        await _file.FlushAsync(ct);
        _file.Position = 0;
        return _file;
    }

    /// <summary>Closes and deletes the file even when the disk is full (the writer's last flush then fails).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            _json.Reset(Stream.Null);
            await _json.DisposeAsync();
        }
        finally
        {
            await _file.DisposeAsync();
        }
    }
}
