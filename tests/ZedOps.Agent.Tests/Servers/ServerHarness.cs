using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Host;
using ZedOps.Agent.Link;
using ZedOps.Agent.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Servers;

/// <summary>
/// The agent's server module wired as in the agent (real Docker, real /proc), behind a real wire connection: tests
/// send requests as the manager would and see its progress and ready events. Each harness has its own data root in a
/// temp dir; every container it named is removed at the end.
/// </summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    public const string RconPassword = "rc0n-test";
    public const string ReadyLine = "*** SERVER STARTED ***";

    private readonly string _temp = Directory.CreateTempSubdirectory("zedops-servers-").FullName;
    private readonly List<string> _names = [];
    private readonly TcpClient[] _tcp;
    private readonly WebSocket[] _sockets;
    private readonly List<Task> _runs;
    private readonly CancellationTokenSource _stop = new();

    private ServerHarness(TcpClient agentTcp, TcpClient managerTcp)
    {
        _tcp = [agentTcp, managerTcp];
        _sockets =
        [
            WebSocket.CreateFromStream(agentTcp.GetStream(), new WebSocketCreationOptions { IsServer = false }),
            WebSocket.CreateFromStream(managerTcp.GetStream(), new WebSocketCreationOptions { IsServer = true }),
        ];
        DataRoot = Path.Combine(_temp, "servers");
        Runtime = new DockerContainerRuntime(DockerContainerRuntime.DefaultEndpoint(), TimeProvider.System, NullLogger.Instance);
        var time = TimeProvider.System;
        var paths = new PathGuard(Options.Create(new AgentOptions { DataRoot = DataRoot }));
        var channel = Channel = new ManagerChannel();
        var readiness = new ReadinessWatcher(Runtime, channel, time, NullLogger<ReadinessWatcher>.Instance);
        var provisioner = new ServerProvisioner(Runtime, paths, new PortScanner(new ProcFileSystem(), Runtime), readiness);
        Saves = new WorldSave(Runtime, time, NullLogger<WorldSave>.Instance);
        var graceful = new GracefulStop(Runtime, Saves, time, NullLogger<GracefulStop>.Instance);
        Supervisor = new ServerSupervisor(Runtime, provisioner, graceful,
            new ServerEvents(channel, time), new ServerQueries(Runtime, paths, new PortScanner(new ProcFileSystem(), Runtime), readiness),
            new ServerAdoption(Runtime, provisioner, graceful, paths, NullLogger<ServerAdoption>.Instance));

        var agent = AgentConnection = new WireConnection(_sockets[0], Supervisor.Register(new MessageRouter(NullLogger.Instance)), new WireOptions(), time, NullLogger.Instance);
        var managerRouter = new MessageRouter(NullLogger.Instance)
            .On(Events.ServerProgress, (e, _) => Enqueue(Progress, e))
            .On(Events.ServerReady, (e, _) => Enqueue(Ready, e))
            .On(Events.ServerCrashed, (e, _) => Enqueue(Crashes, e))
            .On(Events.ModsUpdateChecked, (e, _) => Enqueue(ModsChecks, e));
        Manager = new WireConnection(_sockets[1], managerRouter, new WireOptions(), time, NullLogger.Instance);
        _runs = [agent.RunAsync(CancellationToken.None), Manager.RunAsync(CancellationToken.None)];
        channel.Attach(agent);
    }

    public string DataRoot { get; }

    public DockerContainerRuntime Runtime { get; }

    public ServerSupervisor Supervisor { get; }

    public WorldSave Saves { get; }

    /// <summary>The manager's end of the wire.</summary>
    public WireConnection Manager { get; }

    public ConcurrentQueue<ServerProgress> Progress { get; } = new();

    public ConcurrentQueue<ServerReady> Ready { get; } = new();

    public ConcurrentQueue<ModsUpdateChecked> ModsChecks { get; } = new();

    public ConcurrentQueue<ServerCrashed> Crashes { get; } = new();

    /// <summary>Crash handling fed from Docker's event stream as the agent's event pump feeds it, on the given clock.
    /// Call it before creating servers: events before the subscription lands are not seen.</summary>
    public CrashWatcher WatchCrashes(TimeProvider time)
    {
        var watcher = new CrashWatcher(Runtime, Channel, Supervisor, time, NullLogger<CrashWatcher>.Instance);
        _runs.Add(Task.Run(async () =>
        {
            await foreach (var e in Runtime.WatchEventsAsync(_stop.Token))
            {
                watcher.OnContainerEvent(e);
            }
        }));
        return watcher;
    }

    /// <summary>The agent's end of the wire (to re-attach the channel after a simulated outage).</summary>
    public WireConnection AgentConnection { get; }

    /// <summary>The agent's end: what agent modules publish events through.</summary>
    public ManagerChannel Channel { get; }

    public static async Task<ServerHarness> CreateAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var agent = new TcpClient();
        var accept = listener.AcceptTcpClientAsync();
        await agent.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port).DefaultTimeout();
        return new ServerHarness(agent, await accept.DefaultTimeout());
    }

    /// <summary>A pz-sim server spec with a unique name, its data under the data root and free loopback ports.</summary>
    public async Task<ServerSpec> PzSimSpecAsync(string? image = null)
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..8];
        _names.Add(name);
        var (game, udp, rcon) = FreePorts.ServerSet();
        image ??= $"zedops/pz-sim:{await PzSimImage.EnsureAsync()}";
        var env = new Dictionary<string, string>
        {
            ["SERVER_NAME"] = name,
            ["RCON_PASSWORD"] = RconPassword,
            ["ADMIN_PASSWORD"] = "admin-test",
            ["SIM_BOOT_DELAY_SECONDS"] = "0.5",
        };
        ServerPort[] ports =
        [
            new(game, 16261, "udp", "127.0.0.1"),
            new(udp, 16262, "udp", "127.0.0.1"),
            new(rcon, 27015, "tcp", null), // the agent pins RCON to 127.0.0.1 itself
        ];
        return new ServerSpec(Guid.NewGuid(), name, image, env, [new ServerMount(DataDir(name), "/home/steam/Zomboid")], ports,
            ReadyLine, new RconEndpoint(rcon, RconPassword), StopTimeoutSeconds: 30);
    }

    /// <summary>Creates and starts a pz-sim server with extra environment variables and waits until it is ready.</summary>
    public async Task<ServerSpec> StartPzSimAsync(params (string Key, string Value)[] env)
    {
        var spec = await PzSimSpecAsync();
        var vars = new Dictionary<string, string>(spec.Env);
        foreach (var (key, value) in env)
        {
            vars[key] = value;
        }
        spec = spec with { Env = vars };
        await Manager.RequestAsync(Requests.CreateServer, new CreateServer(spec, Start: true)).DefaultTimeout();
        await WaitReadyAsync(spec.ServerId);
        return spec;
    }

    public string DataDir(string name) => Path.Combine(DataRoot, name);

    public async Task<ServerReady> WaitReadyAsync(Guid serverId, int count = 1)
    {
        var events = await Eventually.ReturnsAsync(() => Task.FromResult(Ready.Where(r => r.ServerId == serverId).ToList()), r => r.Count >= count,
            $"{count} ready event(s) for {serverId}");
        return events[count - 1];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var name in _names)
        {
            await Processes.RunAsync("docker", ["rm", "-f", ServerProvisioner.ContainerName(name)]);
        }
        foreach (var socket in _sockets)
        {
            socket.Abort();
            socket.Dispose();
        }
        foreach (var tcp in _tcp)
        {
            tcp.Dispose();
        }
        await Task.WhenAll(_runs).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Runtime.Dispose();
        _stop.Dispose();
        Directory.Delete(_temp, recursive: true);
    }

    private static ValueTask Enqueue<T>(ConcurrentQueue<T> queue, T item)
    {
        queue.Enqueue(item);
        return ValueTask.CompletedTask;
    }
}
