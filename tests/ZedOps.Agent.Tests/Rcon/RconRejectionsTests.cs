using ZedOps.Agent.Rcon;
using ZedOps.Protocol;

namespace ZedOps.Agent.Tests.Rcon;

public sealed class RconRejectionsTests
{
    [Theory]
    [InlineData("Unknown command nosuch", ErrorCodes.RconUnknownCommand)]
    [InlineData("Wrong arguments!", ErrorCodes.RconWrongArguments)]
    [InlineData("Kick a user. Add a -r \"reason\" to specify a reason for the kick. Use: /kickuser \"username\" -r \"reason\"", ErrorCodes.RconWrongArguments)]
    [InlineData("Access Level 'boss' unknown, list of access level: player, admin", ErrorCodes.RconWrongArguments)]
    [InlineData("Option : Nope doesn't exist", ErrorCodes.RconWrongArguments)]
    [InlineData("User bob doesn't exist.\n", ErrorCodes.RconUserNotFound)]
    [InlineData("Not enough rights.", ErrorCodes.RconNotAllowed)]
    [InlineData("This command can be executed only from the game", ErrorCodes.RconNotAllowed)]
    [InlineData("This user can't be kicked", ErrorCodes.RconNotAllowed)]
    public void Classify_KnownRefusal_ReturnsTypedCode(string reply, string code) => Assert.Equal(code, RconRejections.Classify(reply));

    [Theory]
    [InlineData("Players connected (0): \n")]
    [InlineData("Message sent.")]
    [InlineData("User alice kicked.")]
    [InlineData("World saved")]
    [InlineData("")]
    public void Classify_Success_ReturnsNull(string reply) => Assert.Null(RconRejections.Classify(reply));
}
