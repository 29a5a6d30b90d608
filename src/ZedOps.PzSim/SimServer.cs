using System.Net;
using ZedOps.PzSim.Commands;
using ZedOps.PzSim.Console;
using ZedOps.PzSim.Players;
using ZedOps.PzSim.Rcon;
using ZedOps.PzSim.Udp;
using ZedOps.PzSim.World;

namespace ZedOps.PzSim;

/// <summary>
/// The dedicated server's life: lay out the data dir, bind the UDP ports, "load the world" for the boot delay,
/// print <c>*** SERVER STARTED ****</c>, start RCON a moment later (only with a password), run the game loop until
/// quit or SIGTERM, save, exit 0.
/// </summary>
internal sealed class SimServer(SimSettings settings, TimeProvider time, TextWriter stdout, TextReader? stdin = null)
{
    private readonly CancellationTokenSource _boot = new();
    private readonly Lock _gate = new();
    private ServerControl? _control;
    private string? _stopRequested;
    private volatile bool _died;
    private volatile bool _crashed;

    /// <summary>The exit code of a JVM ended by SIGTERM (128 + 15).</summary>
    public const int KilledBySignal = 143;

    /// <summary>SIGTERM/SIGINT. B42 saves then exits (its shutdown hook); B41 has no hook, so the process just ends
    /// and the world keeps its last save. During boot it cuts the boot short.</summary>
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
        Stop(_control, why);
    }

    private void Stop(ServerControl control, string why)
    {
        if (settings.IsB42)
        {
            control.QueueQuit(why);
            return;
        }
        _died = true;
        control.Abandon();
    }

    public async Task<int> RunAsync()
    {
        using var console = new ServerConsole(stdout, time);
        var layout = new DataLayout(settings.DataDir, settings.ServerName);
        ServerBanner.PrintStart(console, settings, layout);
        layout.EnsureDirectories();
        console.AttachFiles(layout);
        var options = ServerOptions.LoadOrCreate(layout.IniFile, settings.IniOverrides, Random.Shared, settings.IniStyle);
        GeneratedFiles.EnsureLuaFiles(layout, settings.IniStyle.Build);
        using var accounts = OpenAccounts(console, layout);
        using var playersDb = PlayersDb.Open(layout.PlayersDb, settings.ServerName);
        PlayersDb.EnsureVehiclesDb(layout.VehiclesDb);
        var bind = IPAddress.Parse(settings.BindIp);

        var loop = new GameLoop();
        var sessions = new PlayerSessions(console, options, accounts, time, settings.Build);
        var saver = new WorldSaver(layout, playersDb, time, settings.SaveDuration);
        var control = new ServerControl(loop, saver, sessions, console, settings.Build);
        var processor = CommandProcessor.Create(new ServerCommands(control, options, console, loop, CurrentModsAnswer), new PlayerCommands(sessions, accounts, settings.Build));

        var loaded = await LoadWorldAsync(console, options, saver);
        // The RakNet peer (the UDP ports) starts last, just before SERVER STARTED, as in 41.78's boot.
        using var udp = loaded ? UdpPorts.Bind(bind, options, console) : null;
        if (loaded && udp is null)
        {
            return 1;
        }
        if (loaded)
        {
            ServerBanner.PrintStarted(console, options, settings);
        }
        // The real server opens RCON only after it has printed SERVER STARTED: a panel that fires a command on that
        // line can find the port closed for a moment.
        var rcon = loaded ? await StartRconAsync(console, options, bind, cmd => loop.InvokeAsync(() => Task.FromResult(processor.Execute(cmd)))) : null;
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
        using var crashHook = new CrashHook(settings.CrashFlagFile, time, console, () =>
        {
            _crashed = true;
            control.Abandon();
        });
        if (loaded)
        {
            crashHook.Start();
        }

        HandOverStops(control);
        await loop.RunAsync();
        if (rcon is not null)
        {
            await rcon.DisposeAsync();
        }
        if (_crashed)
        {
            return CrashHook.ExitCode;
        }
        if (_died)
        {
            return KilledBySignal;
        }
        console.Network("Server exited");
        return 0;
    }

    /// <summary>From now on stop requests go to the game loop; one that came during boot is queued now.</summary>
    private void HandOverStops(ServerControl control)
    {
        string? early;
        lock (_gate)
        {
            _control = control;
            early = _stopRequested;
        }
        if (early is not null)
        {
            Stop(control, early);
        }
    }

    private ModsAnswer CurrentModsAnswer()
    {
        try
        {
            return File.Exists(settings.ModsFlagFile) && SimSettings.ParseModsAnswer(File.ReadAllText(settings.ModsFlagFile)) is { } answer
                ? answer
                : settings.ModsAnswer;
        }
        catch (IOException)
        {
            return settings.ModsAnswer;
        }
    }

    private AccountsDb OpenAccounts(ServerConsole console, DataLayout layout)
    {
        var accounts = AccountsDb.Open(layout.AccountsDb, settings.ServerName);
        if (accounts.Add(settings.AdminUsername, settings.AdminPassword, null, "admin"))
        {
            console.General($"admin account \"{settings.AdminUsername}\" created");
        }
        return accounts;
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

    private async Task<RconServer?> StartRconAsync(ServerConsole console, ServerOptions options, IPAddress bind, Func<string, Task<string>> execute)
    {
        var port = options.GetInt("RCONPort");
        var password = options["RCONPassword"];
        if (port == 0 || password.Length == 0)
        {
            return null;
        }
        try
        {
            await Task.Delay(settings.RconDelay, time, _boot.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        return RconServer.Start(bind, port, password, execute, console, RconReplies.For(settings));
    }
}
