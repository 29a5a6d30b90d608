using System.Text.RegularExpressions;
using ZedOps.Manager.Data.Entities;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;

namespace ZedOps.Manager.Features.BackupTargets;

/// <summary>Checks a request and writes it onto a target row and its secrets; every problem is reported at once.</summary>
internal static partial class BackupTargetValidation
{
    public static TargetSecretValues Apply(BackupTargetRequest request, BackupTargetEntity row, TargetSecretValues current)
    {
        var errors = new List<string>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length is 0 or > 64 || name.Any(char.IsControl))
        {
            errors.Add("'name' is required: one line of at most 64 characters.");
        }
        row.Name = name;
        row.Kind = request.Kind?.Trim().ToLowerInvariant() ?? "";
        row.AllServers = request.AllServers ?? true;
        row.ServerIds = row.AllServers ? [] : [.. (request.ServerIds ?? []).Distinct()];
        if (!row.AllServers && row.ServerIds.Count == 0)
        {
            errors.Add("'serverIds' must list at least one server when 'allServers' is false.");
        }
        var secrets = row.Kind switch
        {
            RemoteTarget.SftpKind => ApplySftp(request.Sftp, row, current, errors),
            RemoteTarget.S3Kind => ApplyS3(request.S3, row, current, errors),
            _ => Invalid(errors, "'kind' must be 'sftp' or 's3'.", current),
        };
        if (errors.Count > 0)
        {
            throw ServerCommandException.Invalid("Invalid backup target", string.Join(" ", errors));
        }
        return secrets;
    }

    private static TargetSecretValues ApplySftp(SftpTargetRequest? sftp, BackupTargetEntity row, TargetSecretValues current, List<string> errors)
    {
        if (sftp is null)
        {
            return Invalid(errors, "'sftp' settings are required for an SFTP target.", current);
        }
        (row.Host, row.Port, row.User, row.Directory) = (sftp.Host?.Trim(), sftp.Port ?? 22, sftp.User?.Trim(), sftp.Directory?.Trim());
        row.HostKeyFingerprint = sftp.HostKeyFingerprint?.Trim();
        (row.Endpoint, row.Region, row.Bucket, row.Prefix, row.PathStyle) = (null, null, null, null, false);
        Require(errors, row.Host, "sftp.host");
        Require(errors, row.User, "sftp.user");
        Require(errors, row.Directory, "sftp.directory");
        if (row.Port is < 1 or > 65535)
        {
            errors.Add("'sftp.port' must be 1-65535.");
        }
        if (row.HostKeyFingerprint is null || !Fingerprint().IsMatch(row.HostKeyFingerprint))
        {
            errors.Add("'sftp.hostKeyFingerprint' is required: the server's SHA-256 host key fingerprint as OpenSSH prints it (ssh-keygen -lf key.pub), e.g. 'SHA256:abc...'.");
        }
        var secrets = new TargetSecretValues(sftp.Password ?? current.Password, sftp.PrivateKey ?? current.PrivateKey, null, null);
        if (string.IsNullOrEmpty(secrets.Password) && string.IsNullOrEmpty(secrets.PrivateKey))
        {
            errors.Add("Set 'sftp.password' or 'sftp.privateKey'.");
        }
        return secrets;
    }

    private static TargetSecretValues ApplyS3(S3TargetRequest? s3, BackupTargetEntity row, TargetSecretValues current, List<string> errors)
    {
        if (s3 is null)
        {
            return Invalid(errors, "'s3' settings are required for an S3 target.", current);
        }
        (row.Endpoint, row.Region, row.Bucket) = (s3.Endpoint?.Trim(), string.IsNullOrWhiteSpace(s3.Region) ? "us-east-1" : s3.Region.Trim(), s3.Bucket?.Trim());
        (row.Prefix, row.PathStyle) = (s3.Prefix?.Trim().Trim('/') ?? "", s3.PathStyle ?? true);
        (row.Host, row.Port, row.User, row.Directory, row.HostKeyFingerprint) = (null, null, null, null, null);
        if (!Uri.TryCreate(row.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add("'s3.endpoint' must be an http(s) URL, e.g. 'https://s3.eu-west-1.amazonaws.com'.");
        }
        if (row.Bucket is null || !Bucket().IsMatch(row.Bucket))
        {
            errors.Add("'s3.bucket' must be a bucket name (3-63 lower-case letters, digits, dots, hyphens).");
        }
        var secrets = new TargetSecretValues(null, null, s3.AccessKey ?? current.AccessKey, s3.SecretKey ?? current.SecretKey);
        if (string.IsNullOrEmpty(secrets.AccessKey) || string.IsNullOrEmpty(secrets.SecretKey))
        {
            errors.Add("Set 's3.accessKey' and 's3.secretKey'.");
        }
        return secrets;
    }

    private static void Require(List<string> errors, string? value, string field)
    {
        if (string.IsNullOrEmpty(value) || value.Any(char.IsControl))
        {
            errors.Add($"'{field}' is required.");
        }
    }

    private static TargetSecretValues Invalid(List<string> errors, string error, TargetSecretValues current)
    {
        errors.Add(error);
        return current;
    }

    [GeneratedRegex(@"^SHA256:[A-Za-z0-9+/]{43}=?$", RegexOptions.CultureInvariant)]
    private static partial Regex Fingerprint();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex Bucket();
}
