namespace ZedOps.Protocol.Backups;

/// <summary>An off-host place backups are copied to, with its credentials. The manager sends it inside each request
/// that needs it (over the authenticated link); the agent never writes it to disk.</summary>
public sealed record RemoteTarget(Guid Id, string Name, string Kind, SftpSettings? Sftp, S3Settings? S3)
{
    public const string SftpKind = "sftp";
    public const string S3Kind = "s3";
}

/// <summary><see cref="HostKeyFingerprint"/> is OpenSSH's <c>SHA256:...</c> form; any other host key is refused.</summary>
public sealed record SftpSettings(string Host, int Port, string User, string Directory, string HostKeyFingerprint, string? Password, string? PrivateKey);

public sealed record S3Settings(string Endpoint, string Region, string Bucket, string Prefix, bool PathStyle, string AccessKey, string SecretKey);

/// <summary>Copies a local backup (archive, then sidecar) to a target; each goes to a temporary name first.</summary>
public sealed record PushBackup(Guid ServerId, string BackupId, RemoteTarget Target);

public sealed record PushBackupResult(string Location, long Bytes);

/// <summary>Downloads a backup from a target into the local store (a <c>.partial</c> name until it is complete and
/// verified), so the usual restore can run on it.</summary>
public sealed record FetchBackup(Guid ServerId, string BackupId, RemoteTarget Target);

/// <summary>Connects, writes a small probe object and deletes it.</summary>
public sealed record TestRemoteTarget(RemoteTarget Target);

public sealed record TestRemoteTargetResult(string Detail);

/// <summary>Where one backup is: on the agent's host or on a target, and whether its copy there succeeded.</summary>
public sealed record BackupLocation(string Kind, Guid? TargetId, string Name, string State, string? Error)
{
    public const string Local = "local";
    public const string Target = "target";
}
