using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit.Abstractions;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Servers;

/// <summary>The server requests end to end against the real daemon with pz-sim, sent over a real wire connection.</summary>
[Trait("Category", "Docker")]
public sealed class ServerSupervisorDockerTests(ITestOutputHelper output)
{
    [DockerFact]
    public async Task Lifecycle_PzSim_StopSavesWorldAndRecreateKeepsData()
    {
        await using var h = await ServerHarness.CreateAsync();
        var spec = await h.PzSimSpecAsync();
        var data = h.DataDir(spec.Name);
        var mapTime = Path.Combine(data, "Saves", "Multiplayer", spec.Name, "map_t.bin");

        var clock = Stopwatch.StartNew();
        var created = await h.Manager.RequestAsync(Requests.CreateServer, new CreateServer(spec, Start: true)).DefaultTimeout();
        var createReplied = clock.Elapsed;
        await h.WaitReadyAsync(spec.ServerId);
        output.WriteLine($"create: reply after {createReplied.TotalMilliseconds:0} ms, ready after {clock.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal([ServerSteps.CreateData, ServerSteps.CreateContainer, ServerSteps.Start], created.Steps);
        var container = created.Container!;
        Assert.Equal($"zedops-{spec.Name}", container.Name);
        Assert.Equal(ContainerStates.Running, container.State);
        Assert.Equal("true", container.Labels[ContainerLabels.Managed]);
        Assert.Equal(spec.ServerId.ToString(), container.Labels[ContainerLabels.ServerId]);
        Assert.Equal(spec.Name, container.Labels[ContainerLabels.ServerName]);
        Assert.Contains(container.Ports, p => p is { ContainerPort: 27015, Protocol: "tcp", HostIp: "127.0.0.1" } && p.HostPort == spec.Rcon!.Port);
        Assert.Contains(h.Progress, p => p.ServerId == spec.ServerId && p.Step == ServerSteps.Start);

        clock.Restart();
        var stopped = await h.Manager.RequestAsync(Requests.StopServer, new StopServer(spec.ServerId, spec.Name, spec.Rcon, 30)).DefaultTimeout();
        output.WriteLine($"graceful stop: exited after {clock.Elapsed.TotalMilliseconds:0} ms ({string.Join(" → ", stopped.Steps)})");

        Assert.Equal([ServerSteps.RconSave, ServerSteps.RconQuit, ServerSteps.WaitExit], stopped.Steps);
        Assert.Equal(ContainerStates.Exited, stopped.Container!.State);
        Assert.Equal(0, stopped.Container.ExitCode);
        Assert.True(File.Exists(mapTime), $"the world was not saved to {mapTime}");
        var marker = Path.Combine(data, "marker.txt");
        await File.WriteAllTextAsync(marker, "kept");

        var restarted = await h.Manager.RequestAsync(Requests.StartServer, new StartServer(spec)).DefaultTimeout();
        Assert.Equal([ServerSteps.Start], restarted.Steps);
        await h.WaitReadyAsync(spec.ServerId, count: 2);

        await DockerTestContainers.DockerCliAsync("rm", "-f", container.Name);
        var recreated = await h.Manager.RequestAsync(Requests.StartServer, new StartServer(spec)).DefaultTimeout();
        Assert.Equal([ServerSteps.CreateData, ServerSteps.CreateContainer, ServerSteps.Start], recreated.Steps);
        Assert.NotEqual(container.Id, recreated.Container!.Id);
        await h.WaitReadyAsync(spec.ServerId, count: 3);
        Assert.Equal("kept", await File.ReadAllTextAsync(marker));
        Assert.True(File.Exists(mapTime));

        var inventory = await h.Manager.RequestAsync(Requests.ServerInventory, new ServerInventory([data, data + "-gone", "/etc"])).DefaultTimeout();
        Assert.Contains(inventory.Containers, c => c.Labels.GetValueOrDefault(ContainerLabels.ServerId) == spec.ServerId.ToString());
        Assert.True(inventory.DataExists[data]);
        Assert.False(inventory.DataExists[data + "-gone"]);
        Assert.False(inventory.DataExists["/etc"]);
        Assert.Equal(h.DataRoot, inventory.DataRoot);

        var removed = await h.Manager.RequestAsync(Requests.RemoveServer, new RemoveServer(spec.ServerId, spec.Name, data, RemoveData: false)).DefaultTimeout();
        Assert.Equal([ServerSteps.ConsoleSave, ServerSteps.ConsoleQuit, ServerSteps.WaitExit, ServerSteps.Remove], removed.Steps);
        Assert.Null(removed.Container);
        Assert.True(File.Exists(mapTime));

        var purged = await h.Manager.RequestAsync(Requests.RemoveServer, new RemoveServer(spec.ServerId, spec.Name, data, RemoveData: true)).DefaultTimeout();
        Assert.Equal([ServerSteps.RemoveData], purged.Steps);
        Assert.False(Directory.Exists(data));
    }

    [DockerFact]
    public async Task Stop_B41RconDown_SavesViaStdinThenKillWorks()
    {
        await using var h = await ServerHarness.CreateAsync();
        var spec = await h.PzSimSpecAsync();
        await h.Manager.RequestAsync(Requests.CreateServer, new CreateServer(spec, Start: true)).DefaultTimeout();
        await h.WaitReadyAsync(spec.ServerId);
        Assert.Equal(1, SaveCount(h, spec.Name));

        var stopped = await h.Manager.RequestAsync(Requests.StopServer,
            new StopServer(spec.ServerId, spec.Name, spec.Rcon! with { Password = "wrong" }, 30)).DefaultTimeout();

        // pz-sim in B41 mode does not save on SIGTERM: a second save can only have come from save/quit on stdin.
        Assert.Equal([ServerSteps.ConsoleSave, ServerSteps.ConsoleQuit, ServerSteps.WaitExit], stopped.Steps);
        Assert.Equal(0, stopped.Container!.ExitCode);
        Assert.Contains(h.Progress, p => p.Step == ServerSteps.RconSave && p.Message.Contains("falling back to the console", StringComparison.Ordinal));
        Assert.Contains(h.Progress, p => p.Step == ServerSteps.ConsoleSave && p.Message.Contains("Saving finish", StringComparison.Ordinal));
        Assert.True(SaveCount(h, spec.Name) >= 2, $"save count {SaveCount(h, spec.Name)}: the stop did not save");
        var (_, logs) = await Processes.RunAsync("docker", ["logs", ServerProvisioner.ContainerName(spec.Name)]);
        Assert.Contains("command entered via server console (System.in): \"save\"", logs, StringComparison.Ordinal);

        await h.Manager.RequestAsync(Requests.StartServer, new StartServer(spec)).DefaultTimeout();
        var killed = await h.Manager.RequestAsync(Requests.KillServer, new KillServer(spec.ServerId, spec.Name)).DefaultTimeout();
        Assert.Equal([ServerSteps.Kill], killed.Steps);
        Assert.Equal(ContainerStates.Exited, killed.Container!.State);
    }

    [DockerFact]
    public async Task Stop_NoRconNoStdin_SignalStopFlaggedUnsaved()
    {
        await using var h = await ServerHarness.CreateAsync();
        var spec = await h.PzSimSpecAsync();
        var name = ServerProvisioner.ContainerName(spec.Name);
        // Like a container adopted from elsewhere: started without -i, so its stdin is closed.
        await DockerTestContainers.DockerCliAsync("run", "-d", "--name", name, "-e", "SIM_BOOT_DELAY_SECONDS=0.2", spec.Image);
        await Eventually.ReturnsAsync(async () => (await Processes.RunAsync("docker", ["logs", name])).Output,
            l => l.Contains("SERVER STARTED", StringComparison.Ordinal), "pz-sim started");

        var stopped = await h.Manager.RequestAsync(Requests.StopServer, new StopServer(spec.ServerId, spec.Name, null, 30)).DefaultTimeout();

        Assert.Equal([ServerSteps.DockerStop, ServerSteps.UnsavedStop], stopped.Steps);
        Assert.Equal(ContainerStates.Exited, stopped.Container!.State);
        Assert.Contains(h.Progress, p => p.Step == ServerSteps.UnsavedStop && p.Message.Contains("unsaved progress may be lost", StringComparison.Ordinal));
    }

    [DockerFact]
    public async Task Create_ImageThrowawayFirstBoot_ReadyOnlyOnceRconAnswersAfterTheRealBoot()
    {
        await using var h = await ServerHarness.CreateAsync();
        var spec = await h.PzSimSpecAsync();
        spec = spec with { Env = new Dictionary<string, string>(spec.Env) { ["SIM_FIRST_RUN_TIMEOUT_SECONDS"] = "3" } };

        await h.Manager.RequestAsync(Requests.CreateServer, new CreateServer(spec, Start: true)).DefaultTimeout();
        await h.WaitReadyAsync(spec.ServerId);

        var (_, logs) = await Processes.RunAsync("docker", ["logs", ServerProvisioner.ContainerName(spec.Name)]);
        Assert.Contains("pz-sim: first run done", logs, StringComparison.Ordinal);
        Assert.Equal(2, logs.Split("*** SERVER STARTED ****").Length - 1);
        Assert.Single(h.Ready, r => r.ServerId == spec.ServerId);
    }

    private static int SaveCount(ServerHarness h, string name) => System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(
        File.ReadAllBytes(Path.Combine(h.DataDir(name), "Saves", "Multiplayer", name, "map_t.bin")).AsSpan(8));

    [DockerFact]
    public async Task Rebuild_Running_StopsGracefullyRecreatesAndKeepsData()
    {
        await using var h = await ServerHarness.CreateAsync();
        var spec = await h.PzSimSpecAsync();
        var created = await h.Manager.RequestAsync(Requests.CreateServer, new CreateServer(spec, Start: true)).DefaultTimeout();
        await h.WaitReadyAsync(spec.ServerId);

        var rebuilt = await h.Manager.RequestAsync(Requests.RebuildServer,
            new RebuildServer(spec with { Env = new Dictionary<string, string>(spec.Env) { ["MAX_PLAYERS"] = "8" } }, Start: true)).DefaultTimeout();
        await h.WaitReadyAsync(spec.ServerId, count: 2);

        Assert.Equal([ServerSteps.RconSave, ServerSteps.RconQuit, ServerSteps.WaitExit, ServerSteps.Remove,
            ServerSteps.CreateData, ServerSteps.CreateContainer, ServerSteps.Start], rebuilt.Steps);
        Assert.NotEqual(created.Container!.Id, rebuilt.Container!.Id);
        Assert.Equal(ContainerStates.Running, rebuilt.Container.State);
        var ini = await File.ReadAllTextAsync(Path.Combine(h.DataDir(spec.Name), "Server", $"{spec.Name}.ini"));
        Assert.Contains("MaxPlayers=8", ini, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(h.DataDir(spec.Name), "Saves", "Multiplayer", spec.Name, "map_t.bin")));
    }

    [DockerFact]
    public async Task Create_PortsHeldByHostSockets_RefusedWithPortInUse()
    {
        await using var h = await ServerHarness.CreateAsync();
        var spec = await h.PzSimSpecAsync();
        var game = spec.Ports[0].HostPort;
        using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, game));
        using var tcp = new TcpListener(IPAddress.Loopback, spec.Rcon!.Port);
        tcp.Start();

        var error = await Assert.ThrowsAsync<WireRequestException>(() => h.Manager.RequestAsync(Requests.CreateServer, new CreateServer(spec, Start: true))).DefaultTimeout();

        Assert.Equal(ErrorCodes.PortInUse, error.Code);
        Assert.Contains($"{game}/udp (held by host socket)", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{spec.Rcon.Port}/tcp (held by host socket)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain($"{spec.Ports[1].HostPort}/udp", error.Message, StringComparison.Ordinal);
        Assert.Null(await h.Runtime.InspectAsync(ServerProvisioner.ContainerName(spec.Name), CancellationToken.None).DefaultTimeout());
    }

    [DockerFact]
    public async Task Create_PortHeldByContainer_NamesContainer()
    {
        await using var h = await ServerHarness.CreateAsync();
        var first = await h.PzSimSpecAsync();
        await h.Manager.RequestAsync(Requests.CreateServer, new CreateServer(first, Start: true)).DefaultTimeout();
        var second = await h.PzSimSpecAsync();
        second = second with { Ports = [first.Ports[0], .. second.Ports.Skip(1)] };

        var error = await Assert.ThrowsAsync<WireRequestException>(() => h.Manager.RequestAsync(Requests.CreateServer, new CreateServer(second, Start: true))).DefaultTimeout();
        var check = await h.Manager.RequestAsync(Requests.CheckPorts, new CheckPorts([new PortQuery(first.Rcon!.Port, "tcp"), new PortQuery(second.Rcon!.Port, "tcp")])).DefaultTimeout();

        Assert.Equal(ErrorCodes.PortInUse, error.Code);
        Assert.Contains($"{first.Ports[0].HostPort}/udp (held by container zedops-{first.Name})", error.Message, StringComparison.Ordinal);
        Assert.Equal([new PortUse(first.Rcon.Port, "tcp", $"container zedops-{first.Name}")], check.InUse);
    }

    [DockerFact]
    public async Task Create_ImageMissingAndNoRegistry_ImagePullFailed()
    {
        await using var h = await ServerHarness.CreateAsync();
        var image = $"zedtest/absent-{Guid.NewGuid():N}:1";
        var spec = await h.PzSimSpecAsync(image);

        var error = await Assert.ThrowsAsync<WireRequestException>(() => h.Manager.RequestAsync(Requests.CreateServer, new CreateServer(spec, Start: true))).DefaultTimeout();

        output.WriteLine(error.Message);
        Assert.Equal(ErrorCodes.ImagePullFailed, error.Code);
        Assert.StartsWith($"pulling image '{image}' failed: ", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length > $"pulling image '{image}' failed: ".Length + 5, "Docker's reason is missing");
        Assert.Contains(h.Progress, p => p.Step == ServerSteps.Pull && p.ServerId == spec.ServerId);
        Assert.Null(await h.Runtime.InspectAsync(ServerProvisioner.ContainerName(spec.Name), CancellationToken.None).DefaultTimeout());
    }

    [DockerFact]
    public async Task Create_MountOutsideDataRoot_InvalidPathAndNothingCreated()
    {
        await using var h = await ServerHarness.CreateAsync();
        var spec = await h.PzSimSpecAsync();
        spec = spec with { Mounts = [new ServerMount(h.DataRoot + "/../escape", "/home/steam/Zomboid")] };

        var error = await Assert.ThrowsAsync<WireRequestException>(() => h.Manager.RequestAsync(Requests.CreateServer, new CreateServer(spec, Start: false))).DefaultTimeout();

        Assert.Equal(ErrorCodes.InvalidPath, error.Code);
        Assert.Null(await h.Runtime.InspectAsync(ServerProvisioner.ContainerName(spec.Name), CancellationToken.None).DefaultTimeout());
    }

    [DockerFact]
    public async Task Create_NameTaken_Conflict()
    {
        await using var h = await ServerHarness.CreateAsync();
        var spec = await h.PzSimSpecAsync();
        var created = await h.Manager.RequestAsync(Requests.CreateServer, new CreateServer(spec, Start: false)).DefaultTimeout();
        Assert.Equal(ContainerStates.Created, created.Container!.State);

        var error = await Assert.ThrowsAsync<WireRequestException>(() =>
            h.Manager.RequestAsync(Requests.CreateServer, new CreateServer(spec with { ServerId = Guid.NewGuid() }, Start: false))).DefaultTimeout();

        Assert.Equal(ErrorCodes.Conflict, error.Code);
        Assert.Contains($"zedops-{spec.Name}", error.Message, StringComparison.Ordinal);
    }
}
