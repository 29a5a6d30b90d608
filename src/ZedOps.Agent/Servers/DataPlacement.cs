using System.Diagnostics;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Servers;

/// <summary>
/// Moves an adopted server's data under the data root without ever losing it: a rename when both sides share a
/// filesystem; otherwise a copy, whose source is deleted only by <see cref="Commit"/> once the new container exists
/// and the old one is gone. <see cref="Rollback"/> puts everything back as it was.
/// </summary>
internal sealed class DataPlacement
{
    private static readonly string[] s_systemRoots = ["/etc", "/usr", "/bin", "/sbin", "/boot", "/proc", "/sys", "/dev", "/lib", "/var/lib/docker"];

    private readonly string _source;
    private readonly string _destination;
    private readonly bool _copied;

    private DataPlacement(string source, string destination, bool copied) => (_source, _destination, _copied) = (source, destination, copied);

    /// <param name="destination">Already checked by <see cref="PathGuard"/> (inside the data root).</param>
    public static async Task<DataPlacement> MoveAsync(string source, string destination, string dataRoot, ActionSteps steps, CancellationToken ct)
    {
        source = PathGuard.Resolve(Path.GetFullPath(source).TrimEnd('/'));
        Check(source, destination, dataRoot);
        if (Directory.Exists(destination))
        {
            Directory.Delete(destination); // checked empty above
        }
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        try
        {
            await steps.RunAsync(ServerSteps.MoveData, $"moving {source} to {destination}", () =>
            {
                Directory.Move(source, destination);
                return Task.CompletedTask;
            }, ct);
            return new DataPlacement(source, destination, copied: false);
        }
        catch (IOException ex)
        {
            // Another filesystem (EXDEV): copy instead. cp -a keeps owners, modes, links and times, which the
            // game's user inside the container needs and .NET's File.Copy does not keep.
            steps.Report(ServerSteps.MoveData, $"rename failed ({ex.Message}); copying instead, the original is kept until the adoption succeeds");
            await CopyAsync(source, destination, ct);
            return new DataPlacement(source, destination, copied: true);
        }
    }

    /// <summary>After a copy, deletes the original; false (original kept) when that fails.</summary>
    public bool Commit()
    {
        if (!_copied)
        {
            return true;
        }
        try
        {
            Directory.Delete(_source, recursive: true);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Renames the data back, or deletes the (complete or partial) copy; the original was never touched.</summary>
    public void Rollback()
    {
        if (_copied)
        {
            Directory.Delete(_destination, recursive: true);
        }
        else
        {
            Directory.Move(_destination, _source);
        }
    }

    private static void Check(string source, string destination, string dataRoot)
    {
        if (!Directory.Exists(source))
        {
            throw Refused($"the data directory {source} does not exist");
        }
        if (source == "/" || s_systemRoots.Any(r => source == r || source.StartsWith(r + "/", StringComparison.Ordinal)))
        {
            throw Refused($"the data directory {source} is a system directory");
        }
        if (Within(dataRoot, source) || Within(destination, source) || Within(source, destination))
        {
            throw Refused($"{source} and {destination} overlap (or {source} holds the data root {dataRoot})");
        }
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
        {
            throw new WireRequestException(ErrorCodes.Conflict, $"cannot move the data: {destination} already exists and is not empty");
        }
    }

    private static bool Within(string path, string ancestor) => path == ancestor || path.StartsWith(ancestor + "/", StringComparison.Ordinal);

    private static async Task CopyAsync(string source, string destination, CancellationToken ct)
    {
        var info = new ProcessStartInfo("cp") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-a", "--", source, destination })
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw Refused("cp could not be started");
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Directory.Delete(destination, recursive: true);
            throw;
        }
        if (process.ExitCode != 0)
        {
            var reason = (await error).Trim();
            if (Directory.Exists(destination))
            {
                Directory.Delete(destination, recursive: true);
            }
            throw new WireRequestException(ErrorCodes.Internal, $"copying {source} to {destination} failed (the original is untouched): {reason}");
        }
    }

    private static WireRequestException Refused(string why) => new(ErrorCodes.InvalidPath, $"cannot move the data: {why}");
}
