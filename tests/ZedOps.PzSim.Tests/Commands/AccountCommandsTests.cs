namespace ZedOps.PzSim.Tests.Commands;

/// <summary>Ban, unban, setaccesslevel, adduser and the whitelist commands with each build's real texts.</summary>
public sealed class AccountCommandsTests
{
    [Fact]
    public void BanUser_B41UnknownAccount_NotInWhitelistRefusal()
    {
        using var world = new SimWorld();

        Assert.Equal("User \"nobody\" is not in the whitelist, use /adduser first", world.Run("banuser nobody"));
        Assert.Equal("User \"nobody\" is not in the whitelist, use /adduser first", world.Run("unbanuser \"nobody\""));
    }

    [Fact]
    public void BanUser_B42UnknownAccount_SystemBannedAnywayButNothingChanges()
    {
        using var world = new SimWorld(build: PzBuild.B42);

        Assert.Equal("System banned user nobody", world.Run("banuser nobody"));
        Assert.False(world.Accounts.Exists("nobody"));
        Assert.Equal("User \"nobody\" is not in the whitelist nor the server, use /adduser first", world.Run("unbanuser nobody"));
    }

    [Theory]
    [InlineData(41, "User bob is now banned", "User bob is now un-banned")]
    [InlineData(42, "System banned user bob", "System unbanned user bob")]
    public void BanUser_Connected_LeavesAndCannotRejoinUntilUnbanned(int build, string banned, string unbanned)
    {
        using var world = new SimWorld(build: (PzBuild)build);
        world.Sessions.Join("bob");

        Assert.Equal(banned, world.Run("banuser \"bob\" -r \"griefing\""));
        Assert.Empty(world.Sessions.Online);
        Assert.Equal("Banned", world.Sessions.Join("bob"));
        Assert.Equal(unbanned, world.Run("unbanuser bob"));
        Assert.Null(world.Sessions.Join("bob"));
    }

    [Fact]
    public void BanUser_B42WithIp_SteamModeRefusal()
    {
        using var world = new SimWorld(build: PzBuild.B42);
        world.Sessions.Join("bob");

        Assert.Equal("Server is in Steam mode, you can't ban IP", world.Run("banuser \"bob\" -ip"));
        Assert.Single(world.Sessions.Online);
    }

    [Fact]
    public void SetAccessLevel_B41UnknownUser_CreatesAccount()
    {
        using var world = new SimWorld();

        Assert.Equal("User newbie is now moderator", world.Run("setaccesslevel \"newbie\" moderator"));
        Assert.Equal("moderator", world.Accounts.AccessLevel("newbie"));
    }

    [Fact]
    public void SetAccessLevel_B42UnknownUser_Refused()
    {
        using var world = new SimWorld(build: PzBuild.B42);

        Assert.Equal("User \"newbie\" is not in the whitelist nor the server, use /adduser first", world.Run("setaccesslevel \"newbie\" moderator"));
        Assert.False(world.Accounts.Exists("newbie"));
    }

    [Theory]
    [InlineData(41, "Access Level '0' unknown, list of access level: player, admin, moderator, overseer, gm, observer")]
    [InlineData(42, "Access Level 'king' unknown, list of access level: admin,moderator,overseer,gm,observer,user")]
    public void SetAccessLevel_UnknownLevel_BuildsText(int build, string reply)
    {
        using var world = new SimWorld(build: (PzBuild)build);

        Assert.Equal(reply, world.Run("setaccesslevel admin king"));
    }

    [Theory]
    [InlineData("unbanuser", "Unban a player. Use /unbanuser \"username\"")]
    [InlineData("setaccesslevel alice", "Set access level of a player. Current levels: Admin, Moderator, Overseer, GM, Observer. Use /setaccesslevel")]
    [InlineData("adduser alice", "Use this command to add a new user to a whitelisted server. Use: /adduser")]
    public void Execute_WrongArguments_RealHelpText(string line, string help)
    {
        using var world = new SimWorld();

        Assert.StartsWith(help, world.Run(line));
    }

    [Theory]
    [InlineData(41)]
    [InlineData(42)]
    public void AddUser_NewExistingInvalid_RealReplies(int build)
    {
        using var world = new SimWorld(build: (PzBuild)build);

        Assert.StartsWith("User dave created with the password ", world.Run("adduser \"dave\" \"s3cret\""));
        Assert.True(world.Accounts.Exists("dave"));
        Assert.Equal("A user with this name already exists", world.Run("adduser \"DAVE\" \"other\""));
        Assert.Equal("Invalid username \" dave\"", world.Run("adduser \" dave\" \"x\""));
    }

    [Fact]
    public void AddUserToWhitelist_NotARealCommand_Unknown()
    {
        using var world = new SimWorld();

        Assert.Equal("Unknown command addusertowhitelist \"dave\"", world.Run("addusertowhitelist \"dave\""));
    }

    [Fact]
    public void RemoveUserFromWhitelist_KnownOrNot_AlwaysRemovedText()
    {
        using var world = new SimWorld();
        world.Run("adduser dave pw");

        Assert.Equal("User dave removed from white list", world.Run("removeuserfromwhitelist dave"));
        Assert.False(world.Accounts.Exists("dave"));
        Assert.Equal("User dave removed from white list", world.Run("removeuserfromwhitelist dave"));
    }
}
