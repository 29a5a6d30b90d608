using System.Net;

namespace ZedOps.EndToEnd.Tests;

/// <summary>The manager image built from these sources by scripts/build-manager-image.sh (a no-op when test.sh
/// already built it for these sources).</summary>
internal static class ManagerImage
{
    private static readonly SemaphoreSlim s_gate = new(1, 1);
    private static string? s_image;

    /// <summary>Returns <c>zedops/manager:src-&lt;hash&gt;</c>, the image that matches the sources.</summary>
    public static async Task<string> EnsureAsync()
    {
        await s_gate.WaitAsync();
        try
        {
            if (s_image is null)
            {
                var script = Path.Combine(Processes.RepoRoot(), "scripts", "build-manager-image.sh");
                var (code, output) = await Processes.RunAsync("bash", [script], TimeSpan.FromMinutes(15));
                Assert.True(code == 0, $"{script} failed ({code}): {output}");
                s_image = output.Split('\n').Select(l => l.Trim()).Last(l => l.StartsWith("image=", StringComparison.Ordinal))["image=".Length..];
            }
            return s_image;
        }
        finally
        {
            s_gate.Release();
        }
    }
}

/// <summary>One manager container (port 8080 published on a free loopback port), removed on dispose; its volume is not.</summary>
internal sealed class ManagerContainer : IAsyncDisposable
{
    private static readonly TimeSpan s_startBound = TimeSpan.FromSeconds(90);

    private ManagerContainer(string name, Uri baseAddress) => (Name, BaseAddress) = (name, baseAddress);

    public string Name { get; }

    public Uri BaseAddress { get; }

    /// <summary>Starts the image with <paramref name="volume"/> at the data directory and waits until /health answers 200.</summary>
    public static async Task<ManagerContainer> StartAsync(string image, string volume, IReadOnlyDictionary<string, string> env)
    {
        var name = $"zedops-manager-test-{Guid.NewGuid():N}"[..32];
        var args = new List<string> { "run", "-d", "--name", name, "--label", "zedops.test=true", "-p", "127.0.0.1::8080", "-v", $"{volume}:/var/lib/zedops" };
        foreach (var (key, value) in env)
        {
            args.AddRange(["-e", $"{key}={value}"]);
        }
        args.Add(image);
        var (code, output) = await Processes.RunAsync("docker", args);
        Assert.True(code == 0, $"docker run failed ({code}): {output}");
        var container = new ManagerContainer(name, new Uri($"http://{await PublishedPortAsync(name)}"));
        try
        {
            await container.WaitHealthyAsync();
            return container;
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    /// <summary>A client with its own cookie jar whose state-changing requests carry the Origin the CSRF check wants.</summary>
    public HttpClient CreateClient(CookieContainer? cookies = null)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("Origin", BaseAddress.GetLeftPart(UriPartial.Authority));
        return client;
    }

    public async Task<string> LogsAsync() => (await Processes.RunAsync("docker", ["logs", Name])).Output;

    public async ValueTask DisposeAsync() => await Processes.RunAsync("docker", ["rm", "-f", "-v", Name]);

    private static async Task<string> PublishedPortAsync(string name)
    {
        var (code, output) = await Processes.RunAsync("docker", ["port", name, "8080/tcp"]);
        Assert.True(code == 0, $"docker port failed ({code}): {output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
    }

    private async Task WaitHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await Eventually.ReturnsAsync(async () =>
            {
                try
                {
                    using var response = await client.GetAsync("/health");
                    return response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    return (HttpStatusCode)0;
                }
                catch (TaskCanceledException)
                {
                    return (HttpStatusCode)0;
                }
            }, s => s == HttpStatusCode.OK, $"{Name} answering /health", s_startBound);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n--- docker logs {Name} ---\n{await LogsAsync()}", ex);
        }
    }
}
