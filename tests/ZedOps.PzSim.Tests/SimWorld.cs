using ZedOps.PzSim.Commands;
using ZedOps.PzSim.Console;
using ZedOps.PzSim.Players;
using ZedOps.PzSim.World;

namespace ZedOps.PzSim.Tests;

/// <summary>The simulator's parts wired over a temp data dir, without sockets: for command and world tests.</summary>
internal sealed class SimWorld : IDisposable
{
    private readonly TempDir _dir = new();

    public SimWorld(IReadOnlyDictionary<string, string>? iniOverrides = null, PzBuild build = PzBuild.B41)
    {
        Layout = new DataLayout(_dir.Path, "testsrv");
        Layout.EnsureDirectories();
        Console = new ServerConsole(Log, TimeProvider.System);
        Console.AttachFiles(Layout);
        Options = ServerOptions.LoadOrCreate(Layout.IniFile, iniOverrides ?? new Dictionary<string, string>(), new Random(1));
        Accounts = AccountsDb.Open(Layout.AccountsDb, "testsrv");
        PlayersDb = PlayersDb.Open(Layout.PlayersDb, "testsrv");
        Sessions = new PlayerSessions(Console, Options, Accounts, TimeProvider.System, build);
        Saver = new WorldSaver(Layout, PlayersDb, TimeProvider.System, TimeSpan.Zero);
        Control = new ServerControl(Loop, Saver, Sessions, Console, build);
        Commands = CommandProcessor.Create(new ServerCommands(Control, Options, Console, Loop, () => ModsAnswer), new PlayerCommands(Sessions, Accounts, build));
    }

    public LogCapture Log { get; } = new();
    public ModsAnswer ModsAnswer { get; set; }
    public DataLayout Layout { get; }
    public ServerConsole Console { get; }
    public ServerOptions Options { get; }
    public AccountsDb Accounts { get; }
    public PlayersDb PlayersDb { get; }
    public PlayerSessions Sessions { get; }
    public WorldSaver Saver { get; }
    public GameLoop Loop { get; } = new();
    public ServerControl Control { get; }
    public CommandProcessor Commands { get; }

    public string Run(string line) => Commands.Execute(line);

    /// <summary>Runs whatever the commands queued (saves, quit, log answers) and stops the loop.</summary>
    public Task DrainAsync()
    {
        Loop.Stop();
        return Loop.RunAsync().DefaultTimeout();
    }

    public void Dispose()
    {
        Accounts.Dispose();
        PlayersDb.Dispose();
        Console.Dispose();
        _dir.Dispose();
    }
}
