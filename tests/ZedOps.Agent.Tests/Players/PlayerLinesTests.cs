using ZedOps.Agent.Players;

namespace ZedOps.Agent.Tests.Players;

public sealed class PlayerLinesTests
{
    [Fact]
    public void ParsePlayers_PzReply_ListsNames()
    {
        Assert.Equal(["alice", "Zoë smith"], PlayerLines.ParsePlayers("Players connected (2): \n-alice\n-Zoë smith\n"));
        Assert.Empty(PlayerLines.ParsePlayers("Players connected (0): \n")!);
        Assert.Null(PlayerLines.ParsePlayers("Unknown command players"));
    }

    [Fact]
    public void JoinedAndLeft_ConsoleLines_NameThePlayer()
    {
        const string join = "LOG  : Network     , 1732000000000> 1,234> ConnectionManager: [fully-connected] \"\" connection: guid=1 ip=10.0.0.2 steam-id=7656 access= username=\"alice\" connection-type=\"UDPRakNet\"";
        const string leave = "LOG  : Network     , 1732000000000> 1,234> Disconnected player \"bob\" 76561198000000000";

        Assert.Equal("alice", PlayerLines.Joined(join));
        Assert.Null(PlayerLines.Left(join));
        Assert.Equal("bob", PlayerLines.Left(leave));
        Assert.Null(PlayerLines.Joined(leave));
        Assert.Null(PlayerLines.Joined("RCON: listening on port 27015"));
    }
}
