using ZedOps.Protocol.Backups;

namespace ZedOps.Agent.Backups.Targets;

/// <summary>Opens the store a target describes.</summary>
internal static class RemoteStores
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    public static Task<IRemoteStore> OpenAsync(RemoteTarget target, CancellationToken ct) => target switch
    {
        { Kind: RemoteTarget.SftpKind, Sftp: { } sftp } => SftpRemoteStore.ConnectAsync(sftp, ConnectTimeout, ct),
        { Kind: RemoteTarget.S3Kind, S3: { } s3 } => Task.FromResult<IRemoteStore>(new S3RemoteStore(s3, ConnectTimeout)),
        _ => throw new RemoteTargetException($"target '{target.Name}' has kind '{target.Kind}' without its settings"),
    };

    /// <summary>Remote keys of a backup: archive first, sidecar last, so a sidecar's presence means the archive is complete.</summary>
    public static (string Archive, string Sidecar) KeysOf(Guid serverId, string backupId)
    {
        var archive = $"{serverId:D}/{backupId}{BackupArchive.Extension}";
        return (archive, BackupArchive.SidecarPath(archive));
    }
}
