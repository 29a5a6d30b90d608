using System.Diagnostics;

namespace ZedOps.PzSim.Tests.Docker;

/// <summary>Runs a command-line tool (docker, bash) with a bound; a hang kills it and fails the test.</summary>
internal static class Cli
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string file, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout ?? TaskTimeoutExtensions.DefaultTimeoutSpan);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in time");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    public static async Task<string> DockerAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync("docker", args);
        return exit == 0 ? output.Trim() : throw new InvalidOperationException($"docker {string.Join(' ', args)} failed ({exit}): {error}");
    }
}
