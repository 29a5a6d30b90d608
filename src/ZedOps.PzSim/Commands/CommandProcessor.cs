namespace ZedOps.PzSim.Commands;

/// <summary>One admin command: its name, how many arguments it takes, its help text (PZ's reply to bad arguments) and its body.</summary>
internal sealed record AdminCommand(string Name, int MinArgs, int MaxArgs, string Help, Func<string[], string> Run);

/// <summary>
/// GameServer.handleServerCommand: finds the command by prefix, answers bad arguments with the command's help text and
/// anything unknown with <c>Unknown command &lt;line&gt;</c>. Runs on the game loop. It echoes nothing: RCON commands
/// reach the console only through the RCON server's own packet log, stdin ones through <see cref="StdinCommands"/>.
/// </summary>
internal sealed class CommandProcessor(IReadOnlyList<AdminCommand> commands)
{
    public static CommandProcessor Create(ServerCommands server, PlayerCommands players) =>
        new([.. server.Commands(), .. players.Commands()]);

    public IEnumerable<string> Names => commands.Select(c => c.Name);

    public string Execute(string line)
    {
        var command = commands.FirstOrDefault(c => CommandLine.Matches(line.TrimStart(), c.Name));
        if (command is null)
        {
            return "Unknown command " + line;
        }
        var (_, args) = CommandLine.Split(line);
        return args.Length < command.MinArgs || args.Length > command.MaxArgs ? command.Help : command.Run(args);
    }
}
