using ZedOps.PzSim.Console;
using ZedOps.PzSim.World;

namespace ZedOps.PzSim.Commands;

/// <summary>Server-wide commands: save, quit, servermsg, the option commands and checkModsNeedUpdate, with PZ's reply texts.</summary>
internal sealed class ServerCommands(ServerControl control, ServerOptions options, ServerConsole console, GameLoop loop, Func<ModsAnswer> mods)
{
    public IEnumerable<AdminCommand> Commands() =>
    [
        new("save", 0, 0, "Save the current world", _ =>
        {
            control.QueueSave();
            return "World saved";
        }),
        new("quit", 0, 0, "Save and quit the server", _ =>
        {
            control.QueueQuit("quit command");
            return "Quit";
        }),
        new("servermsg", 1, 1, "Broadcast a message to all connected players. Use: /servermsg \"My Message\"",
            _ => "Message sent."),
        new("changeoption", 2, 2, "Change a server option. Use: /changeoption optionName \"newValue\"", a => options.Change(a[0], a[1])),
        new("reloadoptions", 0, 0, "Reload server options (ServerOptions.ini) and send to clients", _ =>
        {
            options.Reload();
            return "Options reloaded";
        }),
        new("showoptions", 0, 0, "Show the list of current server options and values.", _ => ShowOptionsReply.Render(options)),
        new("checkModsNeedUpdate", 0, 0, "Indicates whether a mod has been updated. Writes answer to log file", _ =>
        {
            // The real answer only reaches the log (and in-game chat), after a Steam workshop query.
            loop.Post(() => console.General("CheckModsNeedUpdate: Checking..."));
            loop.Post(() => console.General(mods() switch
            {
                ModsAnswer.NeedUpdate => "CheckModsNeedUpdate: Mods need update",
                ModsAnswer.NotCompleted => "CheckModsNeedUpdate: Check not completed",
                _ => "CheckModsNeedUpdate: Mods updated",
            }));
            return "Checking started. The answer will be written in the log file and in the chat";
        }),
    ];
}
