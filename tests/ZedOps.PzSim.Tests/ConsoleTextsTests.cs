namespace ZedOps.PzSim.Tests;

/// <summary>The console lines each build prints for joins, leaves, saves and the workshop check (README "Console texts").</summary>
public sealed class ConsoleTextsTests
{
    [Fact]
    public void Join_B41_NamedConnectionManagerLineAndDisconnectedPlayer()
    {
        using var world = new SimWorld(build: PzBuild.B41);

        world.Sessions.Join("alice");
        world.Sessions.Disconnect("alice");

        var log = world.Log.ToString();
        Assert.Matches("ConnectionManager: \\[fully-connected\\] \"\" connection: guid=\\d+ ip=\\S+ steam-id=7656\\d+ access=\\S* username=\"alice\" connection-type=\"UDPRakNet\"", log);
        Assert.Matches("Disconnected player \"alice\" 7656\\d{13}", log);
    }

    [Fact]
    public void Join_B42_NamelessGuidLineAndSilentLeave()
    {
        using var world = new SimWorld(build: PzBuild.B42);

        world.Sessions.Join("alice");
        Assert.Equal("Players connected (1): \n-alice\n", world.Run("players"));
        world.Sessions.Disconnect("alice");

        var log = world.Log.ToString();
        Assert.Matches("connection: guid=\\d+ \\[fully-connected\\] \"\"", log);
        Assert.DoesNotContain("alice", log);
        Assert.DoesNotContain("Disconnected", log);
    }

    [Fact]
    public async Task Save_B41_RepliesAtOnceThenSaveAllSavingTookAndSavingFinish()
    {
        using var world = new SimWorld(build: PzBuild.B41);

        Assert.Equal("World saved", world.Run("save"));
        Assert.DoesNotContain("Saving finish", world.Log.ToString());
        await world.DrainAsync();

        var log = world.Log.ToString();
        var saveAll = log.IndexOf("SaveAll took ", StringComparison.Ordinal);
        var took = log.IndexOf("Saving took ", StringComparison.Ordinal);
        var finish = log.IndexOf("Saving finish", StringComparison.Ordinal);
        Assert.True(saveAll >= 0 && saveAll < took && took < finish, log);
        Assert.Matches("SaveAll took \\d+ ms", log);
    }

    [Fact]
    public async Task Save_B42_OnlySavingFinish()
    {
        using var world = new SimWorld(build: PzBuild.B42);

        world.Run("save");
        await world.DrainAsync();

        var log = world.Log.ToString();
        Assert.Contains("Saving finish", log);
        Assert.DoesNotContain("took", log);
    }

    [Fact]
    public void Execute_RconCommand_NotEchoedOnConsole()
    {
        using var world = new SimWorld();

        world.Run("servermsg \"hello there\"");

        Assert.DoesNotContain("hello there", world.Log.ToString());
    }

    [Theory]
    [InlineData("false", "CheckModsNeedUpdate: Mods updated")]
    [InlineData("true", "CheckModsNeedUpdate: Mods need update")]
    [InlineData("incomplete", "CheckModsNeedUpdate: Check not completed")]
    public async Task CheckModsNeedUpdate_Flag_CheckingThenAnswerInLog(string flag, string line)
    {
        using var world = new SimWorld { ModsAnswer = SimSettings.ParseModsAnswer(flag)!.Value };

        Assert.Equal("Checking started. The answer will be written in the log file and in the chat", world.Run("checkModsNeedUpdate"));
        await world.DrainAsync();

        var log = world.Log.ToString();
        var checking = log.IndexOf("CheckModsNeedUpdate: Checking...", StringComparison.Ordinal);
        Assert.True(checking >= 0 && checking < log.IndexOf(line, StringComparison.Ordinal), log);
    }
}
