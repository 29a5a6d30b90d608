using System.Globalization;
using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using ZedOps.Protocol;

namespace ZedOps.Agent.Docker;

/// <summary>Images, create, remove and wait: what game-server lifecycle needs beyond power actions.</summary>
internal sealed partial class DockerContainerRuntime
{
    public async Task<ImageInfo?> InspectImageAsync(string image, CancellationToken ct)
    {
        try
        {
            var found = await CallAsync(null, () => _client.Images.InspectImageAsync(image, ct), ct);
            return new ImageInfo(found.ID, found.RepoTags?.ToList() ?? []);
        }
        catch (ContainerRuntimeException ex) when (ex.InnerException is DockerApiException { StatusCode: HttpStatusCode.NotFound or HttpStatusCode.BadRequest })
        {
            // 400 is an invalid reference: absent too, and the pull then says what is wrong with the name.
            return null;
        }
    }

    public async Task PullImageAsync(string image, IProgress<string> progress, CancellationToken ct)
    {
        var (name, tag) = SplitReference(image);
        string? streamError = null;
        var relay = new ActionProgress<JSONMessage>(m =>
        {
            if (m.Error?.Message is { Length: > 0 } error)
            {
                streamError = error;
            }
            else if (DescribePull(m) is { Length: > 0 } status)
            {
                progress.Report(status);
            }
        });
        try
        {
            await CallAsync(null, async () =>
            {
                await _client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, null, relay, ct);
                return true;
            }, ct);
        }
        catch (ContainerRuntimeException ex) when (ex.Code != ErrorCodes.DockerUnavailable)
        {
            throw PullFailed(image, ex.InnerException is DockerApiException api ? DockerErrors.MessageOf(api) : ex.Message, ex);
        }
        // Docker answers 200 and reports a failure mid-stream as an error message.
        if (streamError is not null)
        {
            throw PullFailed(image, streamError, null);
        }
    }

    public Task<string> CreateAsync(ContainerCreateSpec spec, CancellationToken ct) => CallAsync(null, async () =>
    {
        var created = await _client.Containers.CreateContainerAsync(ContainerCreation.ToParameters(spec), ct);
        return created.ID;
    }, ct);

    public Task RemoveAsync(string idOrName, bool force, CancellationToken ct) => CallAsync(idOrName, async () =>
    {
        await _client.Containers.RemoveContainerAsync(idOrName, new ContainerRemoveParameters { Force = force }, ct);
        return true;
    }, ct);

    public async Task<int?> WaitForExitAsync(string idOrName, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            var response = await CallAsync(idOrName, () => _client.Containers.WaitContainerAsync(idOrName, linked.Token), linked.Token);
            return (int)response.StatusCode;
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested && ex is OperationCanceledException or ContainerRuntimeException)
        {
            return null;
        }
    }

    /// <summary>"repo/name:tag" → ("repo/name", "tag"); no tag means "latest" (an empty tag would pull every tag).
    /// A colon before the last slash is a registry port, not a tag.</summary>
    internal static (string Name, string Tag) SplitReference(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return (image[..at], image[(at + 1)..]);
        }
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, "latest");
    }

    private static string DescribePull(JSONMessage m)
    {
        var text = string.IsNullOrEmpty(m.ID) ? m.Status ?? "" : $"{m.ID}: {m.Status}";
        return m.Progress is { Total: > 0 } p
            ? string.Create(CultureInfo.InvariantCulture, $"{text} {p.Current * 100 / p.Total}%")
            : text;
    }

    private static ContainerRuntimeException PullFailed(string image, string reason, Exception? inner) =>
        new(ErrorCodes.ImagePullFailed, $"pulling image '{image}' failed: {reason}", inner);

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class ActionProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
