using System.Text;

namespace ZedOps.PzSim.Tests.Commands;

public sealed class CommandProcessorTests : IDisposable
{
    private readonly SimWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public void Players_TwoConnected_ListsThemInPzFormat()
    {
        _world.Sessions.Join("alice");
        _world.Sessions.Join("Zoë Smith");

        Assert.Equal("Players connected (2): \n-alice\n-Zoë Smith\n", _world.Run("players"));
    }

    [Fact]
    public void Players_NoneConnected_CountsZero() => Assert.Equal("Players connected (0): \n", _world.Run("players"));

    [Fact]
    public void Execute_UnknownCommand_ReturnsUnknownCommandWithLine() =>
        Assert.Equal("Unknown command teleportto 1,2,3", _world.Run("teleportto 1,2,3"));

    [Fact]
    public void Execute_NameIsCaseInsensitive_RunsCommand() => Assert.StartsWith("Players connected (0)", _world.Run("PLAYERS"));

    [Theory]
    [InlineData("kickuser", "Kick a user.")]
    [InlineData("kickuser alice because", "Kick a user.")]
    [InlineData("servermsg hello world", "Broadcast a message to all connected players. Use: /servermsg")]
    [InlineData("setaccesslevel alice", "Set access level of a player.")]
    [InlineData("save now", "Save the current world")]
    public void Execute_WrongArguments_ReturnsHelpText(string line, string help) => Assert.StartsWith(help, _world.Run(line));

    [Fact]
    public void ServerMsg_Quoted_MessageSent() => Assert.Equal("Message sent.", _world.Run("servermsg \"Restart in 5 minutes\""));

    [Fact]
    public void KickUser_Connected_LeavesListAndLogsDisconnect()
    {
        _world.Sessions.Join("alice");

        Assert.Equal("User alice kicked.", _world.Run("kickuser \"alice\" -r \"afk\""));
        Assert.Empty(_world.Sessions.Online);
        Assert.Contains("Disconnected player \"alice\"", _world.Log.ToString());
    }

    [Fact]
    public void KickUser_Unknown_DoesntExist() => Assert.Equal("User ghost doesn't exist.", _world.Run("kickuser ghost"));

    [Fact]
    public void SetAccessLevel_KnownLevel_StoredInAccountsDb()
    {
        _world.Sessions.Join("carol");

        Assert.Equal("User carol is now moderator", _world.Run("setaccesslevel carol Moderator"));
        Assert.Equal("moderator", _world.Accounts.AccessLevel("carol"));
        Assert.Equal("User carol no longer has access level", _world.Run("setaccesslevel carol none"));
    }

    [Fact]
    public void ChangeOption_KnownKey_ReportsAndRewritesIni()
    {
        Assert.Equal("Option : MaxPlayers is now : 12", _world.Run("changeoption MaxPlayers 12"));
        Assert.Contains("MaxPlayers=12\n", File.ReadAllText(_world.Layout.IniFile));
        Assert.Equal("Option : Nope doesn't exist", _world.Run("changeoption Nope 1"));
        Assert.Equal("Option : PVP is now : true", _world.Run("changeoption PVP banana"));
    }

    [Fact]
    public void ReloadOptions_IniEditedOnDisk_PicksUpChange()
    {
        File.WriteAllText(_world.Layout.IniFile, File.ReadAllText(_world.Layout.IniFile).Replace("PublicName=My PZ Server", "PublicName=Edited", StringComparison.Ordinal));

        Assert.Equal("Options reloaded", _world.Run("reloadoptions"));
        Assert.Equal("Edited", _world.Options["PublicName"]);
    }

    [Fact]
    public void ShowOptions_All_SortedLongerThan4096BytesWithoutSecretsWelcomeLast()
    {
        _world.Options.Change("RCONPassword", "hunter2");
        _world.Options.Change("DiscordChannelID", "998877");

        var reply = _world.Run("showoptions");
        var keys = reply.Split('\n').Skip(1).Select(l => l[2..l.IndexOf('=', StringComparison.Ordinal)]).ToList();

        Assert.StartsWith("List of Server Options:\n* ", reply);
        Assert.True(Encoding.UTF8.GetByteCount(reply) > 4096);
        Assert.Equal("ServerWelcomeMessage", keys[^1]);
        Assert.Equal(keys[..^1].Order(StringComparer.Ordinal), keys[..^1]);
        Assert.DoesNotContain("hunter2", reply);
        Assert.DoesNotContain("998877", reply);
        Assert.All(["Password", "RCONPassword", "RCONPort", "DiscordToken", "DiscordChannel", "DiscordChannelID"], k => Assert.DoesNotContain(k, keys));
    }

    [Fact]
    public async Task CheckModsNeedUpdate_Default_AnswerGoesToLog()
    {
        Assert.StartsWith("Checking started.", _world.Run("checkModsNeedUpdate"));
        await _world.DrainAsync();

        Assert.Contains("CheckModsNeedUpdate: Mods updated", _world.Log.ToString());
    }

    [Fact]
    public async Task Save_Queued_WritesWorldFilesAfterReply()
    {
        _world.Sessions.Join("erin");

        Assert.Equal("World saved", _world.Run("save"));
        Assert.False(File.Exists(Path.Combine(_world.Layout.SaveDir, "map_t.bin")));
        await _world.DrainAsync();

        Assert.True(File.Exists(Path.Combine(_world.Layout.SaveDir, "map_t.bin")));
        Assert.Equal(1, _world.PlayersDb.Count());
    }

    [Fact]
    public async Task Quit_Queued_SavesAndStopsLoop()
    {
        Assert.Equal("Quit", _world.Run("quit"));

        await _world.Loop.RunAsync().DefaultTimeout();

        Assert.Equal(1, _world.Saver.SaveCount);
        Assert.True(_world.Control.Quitting);
    }
}
