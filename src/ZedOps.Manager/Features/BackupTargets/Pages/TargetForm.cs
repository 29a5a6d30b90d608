using ZedOps.Protocol.Backups;

namespace ZedOps.Manager.Features.BackupTargets.Pages;

/// <summary>The page's editable copy of a target. Secret fields start empty and are sent only when typed in.</summary>
internal sealed class TargetForm
{
    public string? Name { get; set; }
    public string Kind { get; set; } = RemoteTarget.SftpKind;
    public bool AllServers { get; set; } = true;
    public IReadOnlyCollection<Guid> Servers { get; set; } = [];
    public string? Host { get; set; }
    public int Port { get; set; } = 22;
    public string? User { get; set; }
    public string? Directory { get; set; }
    public string? Fingerprint { get; set; }
    public string? Password { get; set; }
    public string? PrivateKey { get; set; }
    public string? Endpoint { get; set; }
    public string? Region { get; set; } = "us-east-1";
    public string? Bucket { get; set; }
    public string? Prefix { get; set; }
    public bool PathStyle { get; set; } = true;
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }

    public static TargetForm From(BackupTargetView t) => new()
    {
        Name = t.Name, Kind = t.Kind, AllServers = t.AllServers, Servers = [.. t.ServerIds],
        Host = t.Sftp?.Host, Port = t.Sftp?.Port ?? 22, User = t.Sftp?.User, Directory = t.Sftp?.Directory, Fingerprint = t.Sftp?.HostKeyFingerprint,
        Endpoint = t.S3?.Endpoint, Region = t.S3?.Region, Bucket = t.S3?.Bucket, Prefix = t.S3?.Prefix, PathStyle = t.S3?.PathStyle ?? true,
    };

    public BackupTargetRequest ToRequest() => new(Name, Kind, AllServers, [.. Servers],
        Kind == RemoteTarget.SftpKind ? new SftpTargetRequest(Host, Port, User, Directory, Fingerprint, Typed(Password), Typed(PrivateKey)) : null,
        Kind == RemoteTarget.S3Kind ? new S3TargetRequest(Endpoint, Region, Bucket, Prefix, PathStyle, Typed(AccessKey), Typed(SecretKey)) : null);

    private static string? Typed(string? secret) => string.IsNullOrEmpty(secret) ? null : secret;
}
