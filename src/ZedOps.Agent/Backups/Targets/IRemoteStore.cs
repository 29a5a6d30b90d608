namespace ZedOps.Agent.Backups.Targets;

/// <summary>The I/O seam to an off-host backup target (SFTP, S3). Keys are relative, '/'-separated
/// (<c>&lt;server id&gt;/&lt;backup id&gt;.tar.zst</c>); the store places them under its directory or prefix.
/// Every failure is a <see cref="RemoteTargetException"/> whose message says what went wrong in plain words.</summary>
internal interface IRemoteStore : IAsyncDisposable
{
    /// <summary>Where <paramref name="key"/> lives, for people (no credentials).</summary>
    string Describe(string key);

    /// <summary>Streams a local file up. A reader of the target never sees a partial object under
    /// <paramref name="key"/>: SFTP writes a temporary name and renames it, S3 only shows an object once it is complete.</summary>
    Task UploadAsync(string localPath, string key, CancellationToken ct);

    /// <summary>Streams an object down into <paramref name="destination"/>.</summary>
    Task DownloadAsync(string key, Stream destination, CancellationToken ct);

    Task DeleteAsync(string key, CancellationToken ct);
}

/// <summary>A target failure with a message fit for the admin: authentication failed, host key mismatch, bucket missing, unreachable...</summary>
internal sealed class RemoteTargetException(string message, Exception? inner = null) : Exception(message, inner);
