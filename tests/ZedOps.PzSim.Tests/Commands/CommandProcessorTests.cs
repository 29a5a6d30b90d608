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
    [InlineData("servermsg hello world", "Use this command to broadcast")]
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
    public void BanUser_Connected_LeavesAndCannotRejoinUntilUnbanned()
    {
        _world.Sessions.Join("bob");

        Assert.Equal("User bob is now banned", _world.Run("banuser \"bob\" -ip -r \"griefing\""));
        Assert.Empty(_world.Sessions.Online);
        Assert.Equal("Banned", _world.Sessions.Join("bob"));
        Assert.Equal("User bob is now un-banned", _world.Run("unbanuser bob"));
        Assert.Null(_world.Sessions.Join("bob"));
    }

    [Fact]
    public void BanUser_NoSuchAccount_DoesntExist() => Assert.Equal("User nobody doesn't exist.", _world.Run("banuser nobody"));

    [Fact]
    public void SetAccessLevel_KnownLevel_StoredInAccountsDb()
    {
        _world.Sessions.Join("carol");

        Assert.Equal("User carol is now moderator", _world.Run("setaccesslevel carol Moderator"));
        Assert.Equal("moderator", _world.Accounts.AccessLevel("carol"));
        Assert.Equal("User carol no longer has access level", _world.Run("setaccesslevel carol none"));
    }

    [Fact]
    public void SetAccessLevel_UnknownLevel_ListsLevels() =>
        Assert.StartsWith("Access Level 'king' unknown", _world.Run("setaccesslevel admin king"));

    [Fact]
    public void Whitelist_AddAndRemove_ChangesAccountsDb()
    {
        _world.Options.Change("Open", "false");
        Assert.Equal("UnknownUsername", _world.Sessions.Join("dave"));
        _world.Accounts.Add("dave", "pw", null);

        Assert.Null(_world.Sessions.Join("dave"));
        Assert.Equal("User dave is already whitelisted", _world.Run("addusertowhitelist dave"));
        Assert.Equal("User dave removed from white list", _world.Run("removeuserfromwhitelist dave"));
        Assert.False(_world.Accounts.Exists("dave"));
        Assert.Equal("User dave doesn't exist.", _world.Run("removeuserfromwhitelist dave"));
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
    public void ShowOptions_All_LongerThan4096BytesWithoutSecrets()
    {
        _world.Options.Change("RCONPassword", "hunter2");

        var reply = _world.Run("showoptions");

        Assert.StartsWith("List Server Options:\n* PVP=true\n", reply);
        Assert.True(Encoding.UTF8.GetByteCount(reply) > 4096);
        Assert.DoesNotContain("hunter2", reply);
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
