using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ZedOps.Testing;

namespace ZedOps.Bench;

/// <summary>
/// What a user or script pays per API call (issue 18): a release-built manager process with its local agent, a cookie
/// login, a personal API token and a viewer's token (a non-admin with an agent grant), closed loops with C requests in flight, 2,000 requests × 3 rounds after a warm-up.
/// Prints req/s, p50/p95/p99 and the manager's CPU (share of one core) and RSS per route, variant and C.
/// </summary>
internal static class HttpApiBenchmark
{
    private const int Requests = 2_000;
    private const int Rounds = 3;
    private static readonly int[] Concurrency = [1, 16, 64];
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);

    public static async Task RunAsync(string? onlyRoute = null, string? onlyVariant = null, int? onlyConcurrency = null, int requests = Requests)
    {
        var root = ManagerProcess.FindRoot();
        // ZEDOPS_BENCH_MANAGER / ZEDOPS_BENCH_AGENT: other builds (e.g. an older commit's, to compare under the same load).
        var managerDll = Environment.GetEnvironmentVariable("ZEDOPS_BENCH_MANAGER") ?? Path.Combine(root, "src/ZedOps.Manager/bin/Release/net10.0/ZedOps.Manager.dll");
        var agentDll = Environment.GetEnvironmentVariable("ZEDOPS_BENCH_AGENT") ?? Path.Combine(root, "src/ZedOps.Agent/bin/Release/net10.0/ZedOps.Agent.dll");
        if (!File.Exists(managerDll) || !File.Exists(agentDll))
        {
            Console.WriteLine("http  skipped: build first (dotnet build -c Release src/ZedOps.Manager src/ZedOps.Agent)");
            return;
        }
        var dataDir = Path.Combine(Path.GetTempPath(), "zedops-bench-http-" + Guid.NewGuid().ToString("N"));
        var port = 48000 + Random.Shared.Next(1000);
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        using var manager = ManagerProcess.Start(managerDll, dataDir, port, new Dictionary<string, string>
        {
            ["ZEDOPS_LOCAL_AGENT"] = "true",
            ["ZEDOPS_LOCAL_AGENT_COMMAND"] = agentDll,
            ["ZEDOPS_LOCAL_AGENT_DATA_ROOT"] = Path.Combine(dataDir, "servers"),
        });
        var containers = new List<string>();
        try
        {
            using var login = Client(baseUri, 1, cookies: true);
            await ManagerProcess.WaitHealthyAsync(login);
            (await login.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "bench-password" })).EnsureSuccessStatusCode();
            var agentId = await WaitAgentAsync(login);
            var token = await CreateTokenAsync(login, "bench-password");
            var viewerToken = await CreateViewerTokenAsync(login, baseUri, agentId);
            if (Requirements.DockerMissing is null)
            {
                containers.AddRange(await StartLabelledContainersAsync(3));
            }
            Console.WriteLine($"http  manager pid {manager.Id}, local agent {agentId}, {containers.Count} labelled containers; {Requests} requests x {Rounds} rounds per line");
            var routes = new List<(string Name, HttpMethod Method, string Path, bool Anonymous)>
            {
                ("health", HttpMethod.Get, "/health", true),
                ("ping", HttpMethod.Post, $"/api/agents/{agentId}/ping", false),
            };
            if (containers.Count > 0)
            {
                routes.Add(("containers", HttpMethod.Get, $"/api/agents/{agentId}/containers", false));
            }
            var lines = routes.Where(r => onlyRoute is null || r.Name == onlyRoute)
                .SelectMany(r => (r.Anonymous ? ["anonymous"] : new[] { "cookie", "token", "viewer" }).Where(v => onlyVariant is null || v == onlyVariant).Select(v => (Route: r, Variant: v)))
                .ToList();
            async Task<HttpClient> ClientForAsync(string variant, int c)
            {
                var client = Client(baseUri, c, cookies: false);
                if (variant == "cookie")
                {
                    // Sent as a browser sends it: one Cookie header from the sign-in. (Through HttpClient's CookieContainer
                    // the client's own cookie matching cost more CPU than the manager's cookie check, on the same cores.)
                    var jar = new CookieContainer();
                    using var signIn = new HttpClient(new SocketsHttpHandler { CookieContainer = jar }) { BaseAddress = baseUri };
                    (await signIn.PostAsJsonAsync("/api/auth/login", new { username = "admin", password = "bench-password" })).EnsureSuccessStatusCode();
                    client.DefaultRequestHeaders.Add("Cookie", jar.GetCookieHeader(baseUri));
                    client.DefaultRequestHeaders.Add("Origin", baseUri.GetLeftPart(UriPartial.Authority));
                }
                else if (variant is "token" or "viewer")
                {
                    client.DefaultRequestHeaders.Authorization = new("Bearer", variant == "token" ? token : viewerToken);
                }
                return client;
            }
            // Steady state, as a manager that has run for a while: every line's path is exercised until the JIT has
            // compiled it at tier 1 in both processes (500 requests per line were not enough: profiles of the first
            // lines showed tier-0 code in the manager and the client).
            foreach (var (route, variant) in lines)
            {
                using var client = await ClientForAsync(variant, 4);
                var until = Stopwatch.GetTimestamp() + (long)(WarmUp.TotalSeconds * Stopwatch.Frequency / lines.Count);
                while (Stopwatch.GetTimestamp() < until)
                {
                    await LoopAsync(client, route.Method, route.Path, 4, 200);
                }
            }
            Console.WriteLine($"http  warmed up {WarmUp.TotalSeconds:0} s over {lines.Count} route/variant pairs");
            foreach (var (route, variant) in lines)
            {
                foreach (var c in onlyConcurrency is { } only ? [only] : Concurrency)
                {
                    using var client = await ClientForAsync(variant, c);
                    await RunLineAsync(client, manager.Id, route.Name, variant, route.Method, route.Path, c, requests);
                }
            }
        }
        finally
        {
            foreach (var name in containers)
            {
                await Processes.RunAsync("docker", ["rm", "-f", name]);
            }
            manager.Kill(entireProcessTree: true);
            await manager.WaitForExitAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    private static HttpClient Client(Uri baseUri, int connections, bool cookies) =>
        new(new SocketsHttpHandler { UseCookies = cookies, CookieContainer = new CookieContainer(), MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        { BaseAddress = baseUri };

    private static async Task RunLineAsync(HttpClient client, int managerPid, string route, string variant, HttpMethod method, string path, int concurrency, int requests)
    {
        await LoopAsync(client, method, path, concurrency, 500); // warm-up
        var latencies = new List<double>(requests * Rounds);
        var elapsed = TimeSpan.Zero;
        var cpuBefore = ManagerProcess.CpuTime(managerPid);
        for (var round = 0; round < Rounds; round++)
        {
            var started = Stopwatch.GetTimestamp();
            latencies.AddRange(await LoopAsync(client, method, path, concurrency, requests));
            elapsed += Stopwatch.GetElapsedTime(started);
        }
        var cpu = ManagerProcess.CpuTime(managerPid) - cpuBefore;
        latencies.Sort();
        double P(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
        Console.WriteLine($"http  {route,-10} {variant,-9} C={concurrency,-3} {requests * Rounds / elapsed.TotalSeconds,8:0} req/s  p50 {P(0.50),7:0.000} ms  p95 {P(0.95),7:0.000} ms  p99 {P(0.99),7:0.000} ms  " +
            $"manager CPU {cpu / elapsed * 100,4:0} % ({cpu.TotalMicroseconds / (requests * Rounds),4:0} µs/request)  RSS {ManagerProcess.RssMiB(managerPid)} MiB");
    }

    /// <summary>C workers, each sending its next request when the last answered, until <paramref name="total"/> are done.</summary>
    private static async Task<List<double>> LoopAsync(HttpClient client, HttpMethod method, string path, int concurrency, int total)
    {
        var next = 0;
        var results = new List<double>[concurrency];
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var mine = results[worker] = [];
            while (Interlocked.Increment(ref next) <= total)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(new HttpRequestMessage(method, path));
                await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}");
                }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
        return [.. results.SelectMany(r => r)];
    }

    private static async Task<Guid> WaitAgentAsync(HttpClient http)
    {
        for (var i = 0; i < 600; i++)
        {
            var online = (await http.GetFromJsonAsync<JsonElement>("/api/agents")).EnumerateArray()
                .Where(a => a.GetProperty("status").GetString() == "online").Select(a => a.GetProperty("id").GetGuid()).ToList();
            if (online.Count > 0)
            {
                return online[0];
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the local agent did not come online");
    }

    /// <summary>A non-admin's token (viewer on the agent), so the line pays the grant check an admin skips.</summary>
    private static async Task<string> CreateViewerTokenAsync(HttpClient admin, Uri baseUri, Guid agentId)
    {
        var origin = baseUri.GetLeftPart(UriPartial.Authority);
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = JsonContent.Create(new { username = "bench-viewer", password = "bench-viewer-password", isAdmin = false }) };
        create.Headers.Add("Origin", origin);
        using var created = await admin.SendAsync(create);
        created.EnsureSuccessStatusCode();
        var userId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user").GetProperty("id").GetGuid();
        using var grant = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{userId}/roles") { Content = JsonContent.Create(new { role = "viewer", scopeType = "agent", scopeId = agentId }) };
        grant.Headers.Add("Origin", origin);
        (await admin.SendAsync(grant)).EnsureSuccessStatusCode();
        using var viewer = Client(baseUri, 1, cookies: true);
        (await viewer.PostAsJsonAsync("/api/auth/login", new { username = "bench-viewer", password = "bench-viewer-password" })).EnsureSuccessStatusCode();
        return await CreateTokenAsync(viewer, "bench-viewer-password");
    }

    private static async Task<string> CreateTokenAsync(HttpClient http, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens")
        {
            Content = JsonContent.Create(new { name = "bench", currentPassword = password }),
        };
        request.Headers.Add("Origin", http.BaseAddress!.GetLeftPart(UriPartial.Authority));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>Busybox containers with the ZedOps label, as the issue's table had three.</summary>
    private static async Task<List<string>> StartLabelledContainersAsync(int count)
    {
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var name = $"zedops-bench-http-{i}-{Guid.NewGuid().ToString("N")[..6]}";
            var (code, output) = await Processes.RunAsync("docker", ["run", "-d", "--name", name, "--label", "zedops.managed=true", "zedtest/busybox:1", "sleep", "3600"]);
            if (code != 0)
            {
                Console.WriteLine($"http  could not start a labelled container: {output.Trim()}");
                break;
            }
            names.Add(name);
        }
        return names;
    }
}
