using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Data;
using ZedOps.Manager.Features.Audit;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.Agents;

/// <summary>Quick start: runs an agent on this host as a child process, registered automatically on first start, restarted
/// when it crashes, stopped with the manager. Exit codes 2–5 (configuration, refusal, revocation, version) are final.</summary>
internal sealed partial class LocalAgentLauncher(
    IServiceProvider services, IServer server, IHostApplicationLifetime lifetime, IOptions<ManagerOptions> options, ILogger<LocalAgentLauncher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.LocalAgent;
        if (!settings.Enabled)
        {
            return;
        }
        await WhenStartedAsync(stoppingToken);
        var stateDir = Path.Combine(Path.GetFullPath(options.Value.DataDir), "local-agent");
        var managerUrl = LoopbackUrl();
        for (var attempt = 0; !stoppingToken.IsCancellationRequested; attempt++)
        {
            var args = await BuildArgumentsAsync(settings, stateDir, managerUrl, stoppingToken);
            if (args is null)
            {
                return;
            }
            var exitCode = await RunAgentAsync(settings.Command!, args, stoppingToken);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            if (exitCode is >= 2 and <= 5)
            {
                LogFinalExit(logger, exitCode);
                return;
            }
            var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(attempt, 6))));
            LogRestarting(logger, exitCode, delay.TotalSeconds);
            await Task.Delay(delay, stoppingToken);
        }
    }

    private async Task<List<string>?> BuildArgumentsAsync(LocalAgentOptions settings, string stateDir, string managerUrl, CancellationToken ct)
    {
        var args = new List<string> { "--manager", managerUrl, "--state-dir", stateDir };
        if (settings.DataRoot is { Length: > 0 } dataRoot)
        {
            args.AddRange(["--data-root", Path.GetFullPath(dataRoot)]);
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ZedOpsDbContext>();
        var identityFile = Path.Combine(stateDir, "agent.json");
        if (File.Exists(identityFile))
        {
            var agentId = ReadAgentId(identityFile);
            var row = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agentId, ct);
            if (row?.RevokedAt is not null)
            {
                LogRevoked(logger, row.Name, stateDir);
                return null;
            }
            if (row is not null)
            {
                return args;
            }
            // The identity belongs to another database (e.g. the data dir was reset): register afresh.
            File.Delete(identityFile);
        }
        var name = await FreeNameAsync(db, settings.Name, ct);
        var issued = await scope.ServiceProvider.GetRequiredService<AgentRegistrations>().IssueTokenAsync(name, AuditActor.System, ct);
        args.AddRange(["--token", issued.Token, "--name", name]);
        return args;
    }

    private async Task<int> RunAgentAsync(string command, List<string> args, CancellationToken ct)
    {
        var isDll = command.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(isDll ? "dotnet" : command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (isDll)
        {
            start.ArgumentList.Add(command);
        }
        args.ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command}");
        LogStarted(logger, process.Id);
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return 0;
        }
    }

    private void Forward(string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            LogAgentOutput(logger, line);
        }
    }

    private static async Task<string> FreeNameAsync(ZedOpsDbContext db, string preferred, CancellationToken ct)
    {
        var name = preferred;
        for (var i = 2; await db.Agents.AnyAsync(a => a.Name == name && a.RevokedAt == null, ct); i++)
        {
            name = $"{preferred}-{i}";
        }
        return name;
    }

    private static Guid ReadAgentId(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
        return doc.RootElement.TryGetProperty("agentId", out var id) && id.TryGetGuid(out var guid) ? guid : Guid.Empty;
    }

    private string LoopbackUrl()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http:", StringComparison.Ordinal))
            ?? server.Features.Get<IServerAddressesFeature>()?.Addresses.First() ?? "http://127.0.0.1:5080";
        var uri = new UriBuilder(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::" or "localhost")
        {
            uri.Host = "127.0.0.1";
        }
        return uri.Uri.ToString().TrimEnd('/');
    }

    private Task WhenStartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(ct);
    }

    [LoggerMessage(LogLevel.Information, "Local agent started (pid {Pid})")]
    private static partial void LogStarted(ILogger logger, int pid);

    [LoggerMessage(LogLevel.Information, "agent | {Line}")]
    private static partial void LogAgentOutput(ILogger logger, string line);

    [LoggerMessage(LogLevel.Error, "Local agent exited with final code {Code}; not restarting (see its last lines above)")]
    private static partial void LogFinalExit(ILogger logger, int code);

    [LoggerMessage(LogLevel.Warning, "Local agent exited with code {Code}; restarting in {Seconds} s")]
    private static partial void LogRestarting(ILogger logger, int code, double seconds);

    [LoggerMessage(LogLevel.Warning, "The local agent '{Name}' was revoked; delete {StateDir} to register it again")]
    private static partial void LogRevoked(ILogger logger, string name, string stateDir);
}
