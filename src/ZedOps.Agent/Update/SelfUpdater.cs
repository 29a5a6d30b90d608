using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ZedOps.Agent.Identity;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Update;

/// <summary>Answers <c>agent.update</c>: checks the manager's signature over the build's SHA256SUMS with the pinned
/// key, downloads each file from the manager and checks its hash, test-runs the new binary, swaps the files and
/// restarts into it (execv, same PID). Game containers are Docker's and keep running.</summary>
internal sealed partial class SelfUpdater(
    IOptions<AgentOptions> options, IHttpClientFactory httpClients, UpdateGuardFactory guards, AgentRunResult runResult,
    IHostApplicationLifetime lifetime, ILogger<SelfUpdater> logger)
{
    public static readonly TimeSpan TrialRunTimeout = TimeSpan.FromSeconds(20);

    private readonly SemaphoreSlim _busy = new(1, 1);

    public MessageRouter Register(MessageRouter router) => router.Handle(Requests.AgentUpdate, UpdateAsync);

    private async ValueTask<AgentUpdateResult> UpdateAsync(AgentUpdateRequest request, CancellationToken ct)
    {
        if (AgentBuild.ExecutablePath is not { } executable || guards.ForThisBinary() is not { } guard)
        {
            throw UpdateManifest.Refused("this agent runs from source (dotnet ZedOps.Agent.dll); only the native binary installed by install.sh can update itself");
        }
        var settings = options.Value;
        var pinned = new AgentIdentityStore(settings.StateDir).Load()?.ManagerSigningKey;
        var manifest = UpdateManifest.Verify(request.Manifest, request.Signature, pinned);
        if (!string.Equals(manifest.Files[AgentBuild.BinaryName], request.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw UpdateManifest.Refused($"the request names {request.Sha256} but the signed SHA256SUMS lists {manifest.Files[AgentBuild.BinaryName]}");
        }
        var current = AgentBuild.Sha256!;
        if (manifest.Files[AgentBuild.BinaryName] == current)
        {
            return new AgentUpdateResult(current, current, AlreadyCurrent: true);
        }
        if (!await _busy.WaitAsync(0, ct))
        {
            throw new WireRequestException(ErrorCodes.Busy, "an update is already in progress");
        }
        try
        {
            Directory.CreateDirectory(guard.StagingDir);
            foreach (var (file, sha) in manifest.Files)
            {
                await DownloadAsync(settings.ManagerUrl, file, sha, Path.Combine(guard.StagingDir, file), ct);
            }
            var staged = Path.Combine(guard.StagingDir, AgentBuild.BinaryName);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(staged, File.GetUnixFileMode(executable));
            }
            await TrialRunAsync(staged, ct);
            guard.Install([.. manifest.Files.Keys], current, manifest.Files[AgentBuild.BinaryName], settings.UpdateConfirmWithin);
        }
        catch
        {
            if (Directory.Exists(guard.StagingDir))
            {
                Directory.Delete(guard.StagingDir, recursive: true);
            }
            _busy.Release();
            throw;
        }
        LogInstalled(logger, request.Version, current[..12], request.Sha256[..12]);
        // Stop gracefully (the link closes after this reply has been queued), then Program execs the new binary.
        runResult.RestartInto = executable;
        _ = Task.Run(lifetime.StopApplication, CancellationToken.None);
        return new AgentUpdateResult(current, manifest.Files[AgentBuild.BinaryName], AlreadyCurrent: false);
    }

    private async Task DownloadAsync(string managerUrl, string file, string expectedSha, string target, CancellationToken ct)
    {
        var url = new Uri(new Uri(managerUrl), $"/agent/{AgentBuild.Rid}/{file}");
        var client = httpClients.CreateClient(nameof(SelfUpdater));
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw UpdateManifest.Refused($"downloading {url} failed: HTTP {(int)response.StatusCode}");
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var source = await response.Content.ReadAsStreamAsync(ct))
        await using (var output = File.Create(target))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            await output.FlushAsync(ct);
            output.Flush(flushToDisk: true);
        }
        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != expectedSha)
        {
            throw UpdateManifest.Refused($"{file} from the manager has SHA-256 {actual}, but the signed SHA256SUMS says {expectedSha}: refusing a tampered or corrupted download");
        }
    }

    /// <summary>A binary that cannot even print its version never replaces a working one.</summary>
    private static async Task TrialRunAsync(string binary, CancellationToken ct)
    {
        using var process = Process.Start(new ProcessStartInfo(binary, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })
            ?? throw UpdateManifest.Refused("the new binary could not be started");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TrialRunTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            process.Kill();
            throw UpdateManifest.Refused($"the new binary did not answer --version within {TrialRunTimeout.TotalSeconds:0} s");
        }
        var text = await output;
        if (process.ExitCode != 0 || !text.StartsWith(AgentBuild.BinaryName, StringComparison.Ordinal))
        {
            throw UpdateManifest.Refused($"the new binary failed its trial run (--version exited {process.ExitCode}: '{text.Trim()}')");
        }
    }

    [LoggerMessage(LogLevel.Warning, "Update {Version} installed ({From} -> {To}); restarting into it")]
    private static partial void LogInstalled(ILogger logger, string version, string from, string to);
}
