namespace ZedOps.Manager.Features.BackupTargets;

/// <summary>Create or replace a target. A secret left out (null) keeps the stored one; an empty string clears it.</summary>
public sealed record BackupTargetRequest(string? Name, string? Kind, bool? AllServers, IReadOnlyList<Guid>? ServerIds, SftpTargetRequest? Sftp, S3TargetRequest? S3);

public sealed record SftpTargetRequest(string? Host, int? Port, string? User, string? Directory, string? HostKeyFingerprint, string? Password, string? PrivateKey);

public sealed record S3TargetRequest(string? Endpoint, string? Region, string? Bucket, string? Prefix, bool? PathStyle, string? AccessKey, string? SecretKey);

/// <summary>What the API shows of a target: every setting, and for each credential only "set" or "not set".</summary>
public sealed record BackupTargetView(Guid Id, string Name, string Kind, bool AllServers, IReadOnlyList<Guid> ServerIds,
    SftpTargetView? Sftp, S3TargetView? S3, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record SftpTargetView(string Host, int Port, string User, string Directory, string HostKeyFingerprint, string Password, string PrivateKey);

public sealed record S3TargetView(string Endpoint, string Region, string Bucket, string Prefix, bool PathStyle, string AccessKey, string SecretKey);

public sealed record BackupTargetTestResult(bool Succeeded, string AgentName, string Detail);

public static class SecretState
{
    public const string Set = "set";
    public const string NotSet = "not set";

    public static string Of(string? value) => string.IsNullOrEmpty(value) ? NotSet : Set;
}
