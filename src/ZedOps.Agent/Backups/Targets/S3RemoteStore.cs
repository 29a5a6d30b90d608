using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using ZedOps.Protocol.Backups;

namespace ZedOps.Agent.Backups.Targets;

/// <summary>A bucket (and prefix) on any S3-compatible server. An object only becomes visible once its upload is
/// complete — a single PUT, or CompleteMultipartUpload for large archives (TransferUtility streams parts from the
/// file and aborts the upload when it fails) — so no half upload is ever listed under a backup's key.</summary>
internal sealed class S3RemoteStore(S3Settings settings, TimeSpan timeout) : IRemoteStore
{
    private readonly AmazonS3Client _client = new(new BasicAWSCredentials(settings.AccessKey, settings.SecretKey), new AmazonS3Config
    {
        ServiceURL = settings.Endpoint,
        AuthenticationRegion = settings.Region,
        ForcePathStyle = settings.PathStyle,
        Timeout = timeout,
        MaxErrorRetry = 1,
        // Flexible checksums are not implemented by every S3-compatible server; send them only where S3 requires them.
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
    });

    public string Describe(string key) => $"s3://{settings.Bucket}/{KeyOf(key)} at {settings.Endpoint}";

    public Task UploadAsync(string localPath, string key, CancellationToken ct) => GuardAsync(key, async () =>
    {
        using var transfer = new TransferUtility(_client);
        await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = settings.Bucket, Key = KeyOf(key), FilePath = localPath }, ct);
    });

    public Task DownloadAsync(string key, Stream destination, CancellationToken ct) => GuardAsync(key, async () =>
    {
        using var response = await _client.GetObjectAsync(settings.Bucket, KeyOf(key), ct);
        await response.ResponseStream.CopyToAsync(destination, ct);
    });

    public Task DeleteAsync(string key, CancellationToken ct) => GuardAsync(key, () => _client.DeleteObjectAsync(settings.Bucket, KeyOf(key), ct));

    private string KeyOf(string key) => settings.Prefix.Trim('/') is { Length: > 0 } prefix ? $"{prefix}/{key}" : key;

    private async Task GuardAsync(string key, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket")
        {
            throw new RemoteTargetException($"bucket '{settings.Bucket}' does not exist at {settings.Endpoint}", ex);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "NoSuchKey" || ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new RemoteTargetException($"not found on the S3 target: s3://{settings.Bucket}/{KeyOf(key)}", ex);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" || ex.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new RemoteTargetException($"authentication failed at {settings.Endpoint}: the access key or secret key was refused ({ex.ErrorCode})", ex);
        }
        catch (AmazonS3Exception ex)
        {
            throw new RemoteTargetException($"S3 error at {settings.Endpoint}: {ex.ErrorCode} {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or AmazonServiceException or AmazonClientException)
        {
            throw new RemoteTargetException($"unreachable: {settings.Endpoint} ({ex.GetBaseException().Message})", ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
