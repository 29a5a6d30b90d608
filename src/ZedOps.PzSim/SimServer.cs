using System.Net;
using System.Net.Sockets;
using ZedOps.PzSim.Commands;
using ZedOps.PzSim.Console;
using ZedOps.PzSim.Players;
using ZedOps.PzSim.Rcon;
using ZedOps.PzSim.Udp;
using ZedOps.PzSim.World;

namespace ZedOps.PzSim;

/// <summary>
/// The dedicated server's life: lay out the data dir, bind the UDP ports, "load the world" for the boot delay,
/// start RCON (only now, and only with a password), print <c>*** SERVER STARTED ****</c>, run the game loop until
/// quit or SIGTERM, save, exit 0.
/// </summary>
internal sealed class SimServer(SimSettings settings, TimeProvider time, TextWriter stdout, TextReader? stdin = null)
{
    private readonly CancellationTokenSource _boot = new();
    private readonly Lock _gate = new();
    private ServerControl? _control;
    private string? _stopRequested;

    /// <summary>SIGTERM/SIGINT: save then exit, like the public image's trap. During boot it cuts the boot short.</summary>
    public void RequestStop(string why)
    {
        lock (_gate)
        {
            _stopRequested ??= why;
            if (_control is null)
            {
                _boot.Cancel();
                return;
            }
        }
        _control.QueueQuit(why);
    }

    public async Task<int> RunAsync()
    {
        using var console = new ServerConsole(stdout, time);
        var layout = new DataLayout(settings.DataDir, settings.ServerName);
        ServerBanner.PrintStart(console, settings, layout);
        layout.EnsureDirectories();
        console.AttachFiles(layout);
        var options = ServerOptions.LoadOrCreate(layout.IniFile, settings.IniOverrides, Random.Shared);
        GeneratedFiles.EnsureLuaFiles(layout);
        using var accounts = AccountsDb.Open(layout.AccountsDb, settings.ServerName);
        if (accounts.Add(settings.AdminUsername, settings.AdminPassword, null, "admin"))
        {
            console.General($"admin account \"{settings.AdminUsername}\" created");
        }
        using var playersDb = PlayersDb.Open(layout.PlayersDb, settings.ServerName);
        using var vehiclesDb = SqliteFile.Open(layout.VehiclesDb);
        vehiclesDb.Exec("CREATE TABLE IF NOT EXISTS vehicles (id INTEGER PRIMARY KEY, wx INTEGER, wy INTEGER, x FLOAT, y FLOAT, worldversion INTEGER, data BLOB)");

        var bind = IPAddress.Parse(settings.BindIp);
        var serverGuid = Random.Shared.NextInt64();
        UdpResponder game, direct;
        try
        {
            game = UdpResponder.Bind(bind, options.GetInt("DefaultPort"), serverGuid, options["PublicName"]);
            direct = UdpResponder.Bind(bind, options.GetInt("UDPPort"), serverGuid, options["PublicName"]);
        }
        catch (SocketException ex)
        {
            console.Network("RakNet.Startup() return code: 5 (0 means success)");
            console.General($"ConnectException: Failed to start RakNet peer: {ex.Message}");
            return 1;
        }
        using var gamePort = game;
        using var directPort = direct;
        console.Network("RakNet.Startup() return code: 0 (0 means success)");

        var loop = new GameLoop();
        var sessions = new PlayerSessions(console, options, accounts, time);
        var saver = new WorldSaver(layout, playersDb, time, settings.SaveDuration);
        var control = new ServerControl(loop, saver, sessions, console);
        var processor = CommandProcessor.Create(console, new ServerCommands(control, options, console, loop, settings.ModsNeedUpdate), new PlayerCommands(sessions, accounts));

        var loaded = await LoadWorldAsync(console, options, saver);
        var rcon = loaded ? StartRcon(console, options, bind, cmd => loop.InvokeAsync(() => Task.FromResult(processor.Execute(cmd)))) : null;
        if (loaded)
        {
            ServerBanner.PrintStarted(console, options);
        }
        using var simulator = new PlayerSimulator(settings.Players, sessions, loop, time);
        simulator.Start();
        var autosaveMinutes = options.GetInt("SaveWorldEveryMinutes");
        using var autosave = autosaveMinutes > 0
            ? time.CreateTimer(_ => control.QueueSave(), null, TimeSpan.FromMinutes(autosaveMinutes), TimeSpan.FromMinutes(autosaveMinutes))
            : null;
        if (stdin is not null)
        {
            StdinCommands.Start(stdin, loop, processor, console);
        }

        string? early;
        lock (_gate)
        {
            _control = control;
            early = _stopRequested;
        }
        if (early is not null)
        {
            control.QueueQuit(early);
        }
        await loop.RunAsync();
        if (rcon is not null)
        {
            await rcon.DisposeAsync();
        }
        console.Network("Server exited");
        return 0;
    }

    private async Task<bool> LoadWorldAsync(ServerConsole console, ServerOptions options, WorldSaver saver)
    {
        foreach (var mod in options["Mods"].Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            console.General($"loading {mod.TrimStart('\\')}");
        }
        console.General("LuaNet: Initialization [DONE]");
        console.General($"Loading world \"{settings.ServerName}\" map \"{options["Map"]}\"...");
        try
        {
            await Task.Delay(settings.BootDelay, time, _boot.Token);
        }
        catch (OperationCanceledException)
        {
            console.General("Boot interrupted before the world finished loading");
            return false;
        }
        if (!saver.WorldExists)
        {
            console.General("Creating new world");
            await saver.SaveAsync([]);
        }
        console.General("World loaded");
        return true;
    }

    private RconServer? StartRcon(ServerConsole console, ServerOptions options, IPAddress bind, Func<string, Task<string>> execute)
    {
        var port = options.GetInt("RCONPort");
        var password = options["RCONPassword"];
        return port != 0 && password.Length > 0
            ? RconServer.Start(bind, port, password, execute, console, settings.RconUtf8Bug)
            : null;
    }
}
