using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Backups;
using ZedOps.Testing;

namespace ZedOps.Bench;

/// <summary>
/// Back up and restore a running pz-sim server whose world is a generated N MB of small map files, through the real
/// API of a release-built manager process and its local agent process, sampling both processes' RSS every 250 ms:
/// a backup that streams keeps both flat however large the world is. The <c>transfer</c> mode downloads that backup
/// through the manager and uploads it back instead of restoring it.
/// </summary>
internal static class BackupThroughManagerBenchmark
{
    private static readonly TimeSpan s_bound = TimeSpan.FromMinutes(30);

    public static async Task RunAsync(int megabytes, bool transfer = false)
    {
        var root = ManagerProcess.FindRoot();
        var managerDll = Path.Combine(root, "src/ZedOps.Manager/bin/Release/net10.0/ZedOps.Manager.dll");
        var agentDll = Path.Combine(root, "src/ZedOps.Agent/bin/Release/net10.0/ZedOps.Agent.dll");
        var why = Requirements.DockerMissing;
        if (why is not null || !File.Exists(managerDll) || !File.Exists(agentDll))
        {
            Console.WriteLine($"backup-e2e skipped: {why ?? "build the manager and agent in Release first"}");
            return;
        }
        var tag = await PzSimImage.EnsureAsync();
        var dataDir = Directory.CreateTempSubdirectory("zedops-bench-e2e-").FullName;
        var port = 48000 + Random.Shared.Next(1000);
        using var manager = ManagerProcess.Start(managerDll, dataDir, port, new Dictionary<string, string>
        {
            ["ZEDOPS_LOCAL_AGENT"] = "true",
            ["ZEDOPS_LOCAL_AGENT_COMMAND"] = agentDll,
            ["ZEDOPS_LOCAL_AGENT_DATA_ROOT"] = Path.Combine(dataDir, "servers"),
        });
        using var http = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromMinutes(5) };
        string? name = null;
        try
        {
            await ManagerProcess.WaitHealthyAsync(http);
            (await http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "bench-password" })).EnsureSuccessStatusCode();
            var agentId = await UntilValueAsync(async () => (await http.GetFromJsonAsync<JsonElement>("/api/agents")).EnumerateArray()
                .Where(a => a.GetProperty("status").GetString() == "online").Select(a => (Guid?)a.GetProperty("id").GetGuid()).FirstOrDefault());
            var agentPid = await UntilValueAsync(() => Task.FromResult(ManagerProcess.Children(manager.Id).Select(p => (int?)p).FirstOrDefault()));

            name = "bench" + Guid.NewGuid().ToString("N")[..8];
            var server = await CreateRunningAsync(http, agentId, name, tag);
            await ActAsync(http, server.Id, "stop", v => v.Status == ServerStatuses.Stopped);
            var world = Path.Combine(server.DataPath, "Saves", "Multiplayer", name);
            var (files, bytes) = BackupBenchmark.Generate(world, megabytes);
            using (var chown = Process.Start("chown", ["-R", "--reference", server.DataPath, server.DataPath]))
            {
                await chown.WaitForExitAsync();
            }
            await ActAsync(http, server.Id, "start", v => v.Status == ServerStatuses.Running);
            Console.WriteLine($"backup-e2e: running server with a world of {files:N0} files, {bytes / 1e6:N0} MB; manager RSS {ManagerProcess.RssMiB(manager.Id)} MiB, agent RSS {ManagerProcess.RssMiB(agentPid)} MiB");

            using var backupRss = RssSampler.Start(manager.Id, agentPid);
            var watch = Stopwatch.StartNew();
            (await http.PostAsJsonAsync($"/api/servers/{server.Id}/backups", new { reason = "bench" })).EnsureSuccessStatusCode();
            var backup = await UntilAsync(async () => (await http.GetFromJsonAsync<ListBackupsResult>($"/api/servers/{server.Id}/backups"))!.Backups is [var first, ..] ? first : null);
            var backupSeconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"backup-e2e: backup of the running server (save + copy) {backup.DataBytes / 1e6 / backupSeconds,6:N1} MB/s ({backupSeconds:N1} s), archive {backup.ArchiveBytes / 1e6:N0} MB, consistent: {backup.Consistent}; {backupRss.Stop()}");

            if (transfer)
            {
                await TransferAsync(http, server.Id, backup, (manager.Id, agentPid), dataDir);
                return;
            }
            using var restoreRss = RssSampler.Start(manager.Id, agentPid);
            watch.Restart();
            (await http.PostAsync($"/api/servers/{server.Id}/backups/{backup.Id}/restore", null)).EnsureSuccessStatusCode();
            await UntilAsync(async () => await http.GetFromJsonAsync<ServerView>($"/api/servers/{server.Id}") is { Status: ServerStatuses.Running, Operation: null } v ? v : null);
            var restoreSeconds = watch.Elapsed.TotalSeconds;
            var unpack = UnpackSeconds((await http.GetFromJsonAsync<List<ServerActivityEntry>>($"/api/servers/{server.Id}/activity"))!);
            Console.WriteLine($"backup-e2e: restore (stop, pre-restore backup, check + unpack, start) {restoreSeconds:N1} s; check + unpack alone {backup.DataBytes / 1e6 / unpack,6:N1} MB/s ({unpack:N1} s); {restoreRss.Stop()}");
        }
        finally
        {
            if (name is not null)
            {
                await Processes.RunAsync("docker", ["rm", "-f", $"zedops-{name}"]);
            }
            manager.Kill(entireProcessTree: true);
            await manager.WaitForExitAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>Download to a file (hashed afterwards), then upload that file back as a new backup of the server
    /// (the upload's time includes the agent's check of the whole archive before it answers).</summary>
    private static async Task TransferAsync(HttpClient http, Guid serverId, BackupInfo backup, (int Manager, int Agent) pids, string dir)
    {
        var file = Path.Combine(dir, "download.tar.zst");
        using (var rss = RssSampler.Start(pids.Manager, pids.Agent))
        {
            var watch = Stopwatch.StartNew();
            using var response = await http.GetAsync($"/api/servers/{serverId}/backups/{backup.Id}/download", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using (var output = File.Create(file))
            {
                await response.Content.CopyToAsync(output);
            }
            var seconds = watch.Elapsed.TotalSeconds;
            await using var check = File.OpenRead(file);
            var matches = Convert.ToHexStringLower(await SHA256.HashDataAsync(check)) == backup.ArchiveSha256;
            Console.WriteLine($"transfer: download {backup.ArchiveBytes / 1e6 / seconds,6:N1} MB/s ({seconds:N1} s for {backup.ArchiveBytes / 1e6:N0} MB, SHA-256 {(matches ? "matches" : "DIFFERS")}); {rss.Stop()}");
        }
        using (var rss = RssSampler.Start(pids.Manager, pids.Agent))
        {
            var watch = Stopwatch.StartNew();
            await using var input = File.OpenRead(file);
            using var content = new StreamContent(input, 1 << 16);
            content.Headers.ContentLength = input.Length;
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
            using var response = await http.PostAsync($"/api/servers/{serverId}/backups/upload", content);
            response.EnsureSuccessStatusCode();
            var seconds = watch.Elapsed.TotalSeconds;
            Console.WriteLine($"transfer: upload + verify on the agent {input.Length / 1e6 / seconds,6:N1} MB/s ({seconds:N1} s); {rss.Stop()}");
        }
    }

    /// <summary>From the end of the pre-restore backup to "archive checked and unpacked" in the restore's activity.</summary>
    private static double UnpackSeconds(List<ServerActivityEntry> activity)
    {
        var from = activity.Last(e => e.Message.StartsWith("pre-restore backup ", StringComparison.Ordinal)).At;
        var to = activity.Last(e => e.Message.StartsWith("archive checked and unpacked", StringComparison.Ordinal)).At;
        return (to - from).TotalSeconds;
    }

    private static async Task<ServerView> CreateRunningAsync(HttpClient http, Guid agentId, string name, string tag)
    {
        var ports = FreePorts.ServerSet();
        using var created = await http.PostAsJsonAsync($"/api/agents/{agentId}/servers", new
        {
            name, profileId = "pz-sim", tag, gamePort = ports.Game, udpPort = ports.Udp, rconPort = ports.Rcon,
            config = new { extraEnv = new Dictionary<string, string> { ["SIM_BOOT_DELAY_SECONDS"] = "1", ["SIM_PLAYERS"] = "alice" } },
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<ServerView>())!.Id;
        return await UntilAsync(async () => await http.GetFromJsonAsync<ServerView>($"/api/servers/{id}") is { Status: ServerStatuses.Running, Operation: null } v ? v : null);
    }

    private static async Task ActAsync(HttpClient http, Guid id, string action, Func<ServerView, bool> done)
    {
        (await http.PostAsync($"/api/servers/{id}/{action}", null)).EnsureSuccessStatusCode();
        await UntilAsync(async () => await http.GetFromJsonAsync<ServerView>($"/api/servers/{id}") is { Operation: null } v && done(v) ? v : null);
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T?>> probe) where T : class =>
        (await UntilValueAsync(async () => await probe() is { } value ? new Box<T>(value) : (Box<T>?)null)).Value;

    private static async Task<T> UntilValueAsync<T>(Func<Task<T?>> probe) where T : struct
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < s_bound)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"bench step did not finish within {s_bound}");
    }

    private readonly record struct Box<T>(T Value);

    /// <summary>RSS of the manager and agent processes, sampled every 250 ms while a step runs.</summary>
    private sealed class RssSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<(long Manager, long Agent)> _samples = [];
        private Task _loop = Task.CompletedTask;

        public static RssSampler Start(int manager, int agent)
        {
            var sampler = new RssSampler();
            sampler._loop = Task.Run(async () =>
            {
                while (!sampler._stop.IsCancellationRequested)
                {
                    lock (sampler._samples)
                    {
                        sampler._samples.Add((ManagerProcess.RssMiB(manager), ManagerProcess.RssMiB(agent)));
                    }
                    await Task.Delay(250).ConfigureAwait(false);
                }
            });
            return sampler;
        }

        public string Stop()
        {
            _stop.Cancel();
            _loop.Wait();
            lock (_samples)
            {
                return $"RSS over {_samples.Count} samples: manager {_samples.Min(s => s.Manager)}-{_samples.Max(s => s.Manager)} MiB, agent {_samples.Min(s => s.Agent)}-{_samples.Max(s => s.Agent)} MiB";
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }
}
