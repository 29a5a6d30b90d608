using System.Runtime.CompilerServices;
using ZedOps.Manager.Features.Agents;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Backups;
using ZedOps.Protocol.Transport;

namespace ZedOps.Manager.Features.Backups;

/// <summary>
/// Moves archives between agents and the manager in <see cref="BackupChunks.Size"/> pieces over the agent link, with
/// <see cref="InFlight"/> requests outstanding so the link's round trips overlap. The manager never holds more than
/// those few chunks of an archive, whatever its size.
/// </summary>
public sealed class BackupTransfers(IAgentLink link)
{
    public const int InFlight = 4;

    /// <summary>The archive's bytes in order. Throws <see cref="WireRequestException"/> when the agent fails or the
    /// archive is shorter than <paramref name="length"/>.</summary>
    public async IAsyncEnumerable<byte[]> ReadAsync(Guid agentId, Guid serverId, string backupId, long length, [EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pending = new Queue<Task<BackupChunk>>();
        long next = 0;
        long received = 0;
        try
        {
            while (received < length)
            {
                while (pending.Count < InFlight && next < length)
                {
                    var size = (int)Math.Min(BackupChunks.Size, length - next);
                    pending.Enqueue(link.RequestAsync(agentId, Requests.ReadBackupChunk, new ReadBackupChunk(serverId, backupId, next, size), ct: stop.Token));
                    next += size;
                }
                var chunk = await pending.Dequeue();
                if (chunk.Offset != received || chunk.Data.Length == 0)
                {
                    throw new WireRequestException(ErrorCodes.BackupCorrupt, $"the archive on the agent ended after {received} of its {length} bytes");
                }
                received += chunk.Data.Length;
                yield return chunk.Data;
            }
        }
        finally
        {
            stop.Cancel();
            Observe(pending);
        }
    }

    /// <summary>Sends <paramref name="chunks"/> (exactly <paramref name="length"/> bytes in all) to the agent as an
    /// upload and commits it; the agent verifies the archive before keeping it. Any failure on the way aborts the
    /// upload, which deletes the agent's temporary file.</summary>
    public async Task<BackupInfo> UploadAsync(Guid agentId, Guid serverId, long length, IAsyncEnumerable<byte[]> chunks, CommitLabels labels, CancellationToken ct)
    {
        var upload = (await link.RequestAsync(agentId, Requests.BeginBackupUpload, new BeginBackupUpload(serverId, length), ct: ct)).UploadId;
        var pending = new Queue<Task<WriteBackupUploadChunkResult>>();
        try
        {
            long offset = 0;
            await foreach (var chunk in chunks.WithCancellation(ct))
            {
                if (offset + chunk.Length > length)
                {
                    throw new ServerCommandException(400, "Upload too long", $"The body holds more than the {length} bytes its Content-Length announced.");
                }
                if (pending.Count >= InFlight)
                {
                    await pending.Dequeue();
                }
                pending.Enqueue(link.RequestAsync(agentId, Requests.WriteBackupUploadChunk, new WriteBackupUploadChunk(upload, offset, chunk), ct: ct));
                offset += chunk.Length;
            }
            while (pending.Count > 0)
            {
                await pending.Dequeue();
            }
            if (offset != length)
            {
                throw new ServerCommandException(400, "Upload incomplete", $"The body ended after {offset} of the {length} bytes its Content-Length announced.");
            }
            return await link.RequestAsync(agentId, Requests.CommitBackupUpload,
                new CommitBackupUpload(upload, labels.Reason, labels.Consistent, labels.Note), ct: ct);
        }
        catch
        {
            Observe(pending);
            // Best effort and not bound to the request: a client that went away still gets its temporary file removed.
            await link.RequestAsync(agentId, Requests.AbortBackupUpload, new AbortBackupUpload(upload), ct: CancellationToken.None)
                .ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>The body of a request as chunks of <see cref="BackupChunks.Size"/> bytes (the last may be shorter).</summary>
    public static async IAsyncEnumerable<byte[]> ChunksOf(Stream body, [EnumeratorCancellation] CancellationToken ct)
    {
        while (true)
        {
            var buffer = new byte[BackupChunks.Size];
            var read = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            if (read == 0)
            {
                yield break;
            }
            yield return read == buffer.Length ? buffer : buffer[..read];
        }
    }

    private static void Observe<T>(IEnumerable<Task<T>> tasks)
    {
        foreach (var task in tasks)
        {
            _ = task.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
    }
}

/// <summary>What the store records about an uploaded archive: why it is there and what is known of its save state.</summary>
public sealed record CommitLabels(string Reason, bool Consistent, string? Note)
{
    public static readonly CommitLabels Upload = new("upload", false,
        "uploaded through the manager: whether the world was saved just before it was taken is not known");

    public static CommitLabels CloneOf(BackupInfo source) => new("clone", source.Consistent, source.ConsistencyNote);
}
