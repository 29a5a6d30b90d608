using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using ZedOps.Manager.Features.Agents;
using ZedOps.Protocol;
using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Transport;

namespace ZedOps.Bench;

/// <summary>How many idle agents (hello + heartbeats every 10 s) one manager process holds, and its memory. The manager
/// runs as its own process (measured through /proc/PID/status); the bench plays the agents.</summary>
internal static class IdleAgentsBenchmark
{
    public static async Task RunAsync(int target)
    {
        var root = ManagerProcess.FindRoot();
        var dll = Path.Combine(root, "src/ZedOps.Manager/bin/Release/net10.0/ZedOps.Manager.dll");
        if (!File.Exists(dll))
        {
            Console.WriteLine($"idle  skipped: build the manager first (dotnet build src/ZedOps.Manager -c Release); {dll} is missing");
            return;
        }
        var dataDir = Path.Combine(Path.GetTempPath(), "zedops-bench-" + Guid.NewGuid().ToString("N"));
        var port = 47000 + Random.Shared.Next(1000);
        using var manager = ManagerProcess.Start(dll, dataDir, port);
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient(new HttpClientHandler { UseCookies = true }) { BaseAddress = baseUri };
        await ManagerProcess.WaitHealthyAsync(http);
        (await http.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "bench-password" })).EnsureSuccessStatusCode();
        Console.WriteLine($"idle  manager pid {manager.Id}: RSS at start {ManagerProcess.RssMiB(manager.Id)} MiB");

        var sockets = new List<ClientWebSocket>();
        var checkpoints = new[] { 100, 500, 1000, 2000, 5000, 10000 }.Where(c => c <= target).Append(target).Distinct().ToArray();
        using var heartbeats = new CancellationTokenSource();
        var started = Stopwatch.StartNew();
        foreach (var checkpoint in checkpoints)
        {
            while (sockets.Count < checkpoint)
            {
                sockets.Add(await ConnectAgentAsync(http, baseUri, sockets.Count, heartbeats.Token));
            }
            await Task.Delay(TimeSpan.FromSeconds(3)); // let the manager settle after the burst
            // Idle CPU over two heartbeat periods: every agent sends one heartbeat each 10 s.
            var window = TimeSpan.FromSeconds(20);
            var cpuBefore = ManagerProcess.CpuTime(manager.Id);
            await Task.Delay(window);
            var cpu = ManagerProcess.CpuTime(manager.Id) - cpuBefore;
            var heartbeatsPerSecond = checkpoint / 10.0;
            var health = await http.GetFromJsonAsync<ZedOps.Manager.Features.Health.HealthResponse>("/health");
            Console.WriteLine($"idle  agents={checkpoint,6}  online={health!.AgentsOnline,6}  manager RSS={ManagerProcess.RssMiB(manager.Id)} MiB  " +
                $"idle CPU={cpu / window * 100:0.0} % of a core  heartbeats={heartbeatsPerSecond:0}/s ({cpu.TotalMicroseconds / (heartbeatsPerSecond * window.TotalSeconds):0} µs CPU each)  elapsed={started.Elapsed.TotalSeconds:0} s");
        }
        await heartbeats.CancelAsync();
        foreach (var socket in sockets)
        {
            socket.Abort();
            socket.Dispose();
        }
        manager.Kill(entireProcessTree: true);
        await manager.WaitForExitAsync();
        Directory.Delete(dataDir, recursive: true);
    }

    private static async Task<ClientWebSocket> ConnectAgentAsync(HttpClient http, Uri baseUri, int index, CancellationToken ct)
    {
        var name = $"idle-{index:00000}";
        var issued = await (await http.PostAsJsonAsync("/api/agents/registration-tokens", new { name }, ct)).Content.ReadFromJsonAsync<RegistrationTokenResponse>(ct);
        var registered = await (await http.PostAsJsonAsync("/api/agents/register", new { token = issued!.Token, name }, ct)).Content.ReadFromJsonAsync<AgentRegistered>(ct);
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {registered!.AgentToken}");
        await socket.ConnectAsync(new Uri(baseUri, "/ws/agent").ToWebSocket(), ct);
        var host = new HostInfo("bench", "bench", "0", "x64", 1, "bench", "/tmp");
        await socket.SendAsync(EnvelopeCodec.Encode(Subjects.Hello, null, new Hello(ProtocolVersion.Current, PeerRoles.Agent, "bench", [], host), ProtocolJsonContext.Default.Hello),
            WebSocketMessageType.Text, true, ct);
        _ = DrainAsync(socket, ct);
        _ = HeartbeatAsync(socket, ct);
        return socket;
    }

    private static async Task DrainAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[4096];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                await socket.ReceiveAsync(buffer, ct);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task HeartbeatAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var metrics = new HostMetrics(1, 1, 1, 1, 1, 0, 1);
        await Task.Delay(TimeSpan.FromSeconds(Random.Shared.NextDouble() * 10), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            do
            {
                var frame = EnvelopeCodec.Encode(Subjects.Heartbeat, null, new Heartbeat(DateTimeOffset.UtcNow, metrics, new DockerStatus(false, null, null)), ProtocolJsonContext.Default.Heartbeat);
                await socket.SendAsync(frame, WebSocketMessageType.Text, true, ct);
            }
            while (await timer.WaitForNextTickAsync(ct));
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private static Uri ToWebSocket(this Uri uri) => new UriBuilder(uri) { Scheme = "ws" }.Uri;
}
