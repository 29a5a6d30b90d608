using ZedOps.PzSim.Players;

namespace ZedOps.PzSim.Tests.Players;

public sealed class PlayerScheduleTests
{
    [Fact]
    public void Parse_Mixed_NamesJoinAndLeaveTimes()
    {
        var errors = new List<string>();

        var players = PlayerSchedule.Parse("alice, bob@5-60 ,Zoë Smith@1.5", errors);

        Assert.Empty(errors);
        Assert.Equal(
            [new("alice", TimeSpan.Zero, null), new("bob", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60)), new("Zoë Smith", TimeSpan.FromSeconds(1.5), null)],
            players);
    }

    [Theory]
    [InlineData("@5")]
    [InlineData("bob@x")]
    [InlineData("bob@5-1")]
    public void Parse_Invalid_ReportsError(string spec)
    {
        var errors = new List<string>();

        Assert.Empty(PlayerSchedule.Parse(spec, errors));
        Assert.Single(errors);
    }
}
