using ZedOps.PzSim.Commands;
using ZedOps.PzSim.Console;

namespace ZedOps.PzSim;

/// <summary>The server console's stdin, as PZ's "command handler" thread reads it (<c>docker attach</c>, panels that type into stdin).</summary>
internal static class StdinCommands
{
    public static void Start(TextReader stdin, GameLoop loop, CommandProcessor processor, ServerConsole console) =>
        _ = Task.Run(async () =>
        {
            while (await stdin.ReadLineAsync() is { } line)
            {
                if (line.Length > 0)
                {
                    var reply = await loop.InvokeAsync(() => Task.FromResult(processor.Execute(line)));
                    console.Raw(reply.TrimEnd('\n'));
                }
            }
        });
}
