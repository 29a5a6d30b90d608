using ZedOps.PzSim.Commands;
using ZedOps.PzSim.Console;

namespace ZedOps.PzSim;

/// <summary>The server console's stdin, as PZ's "command handler" thread reads it (<c>docker attach</c>, a panel that
/// writes into the container's open stdin). Each line is logged as entered, then run like an RCON command. At end of
/// input the real reader hands its EOF marker to the command parser, which logs it as an unknown command.</summary>
internal static class StdinCommands
{
    public const string EofLine = "Unknown command process-status@eof";

    public static void Start(TextReader stdin, GameLoop loop, CommandProcessor processor, ServerConsole console) =>
        _ = Task.Run(async () =>
        {
            while (await stdin.ReadLineAsync() is { } line)
            {
                line = line.Trim();
                if (line.Length > 0)
                {
                    console.General($"command entered via server console (System.in): \"{line}\"");
                    var reply = await loop.InvokeAsync(() => Task.FromResult(processor.Execute(line)));
                    console.Raw(reply.TrimEnd('\n'));
                }
            }
            console.General(EofLine);
        });
}
