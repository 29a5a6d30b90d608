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
    [InlineData("User \"nobody\" is not in the whitelist, use /adduser first", ErrorCodes.RconUserNotFound)]
    [InlineData("User \"nobody\" is not in the whitelist nor the server, use /adduser first", ErrorCodes.RconUserNotFound)]
    [InlineData("Server is in Steam mode, you can't ban IP", ErrorCodes.RconNotAllowed)]
    [InlineData("A user with this name already exists", ErrorCodes.RconUserExists)]
    [InlineData("Invalid username \" bob\"", ErrorCodes.RconWrongArguments)]
    [InlineData("Unban a player. Use /unbanuser \"username\"", ErrorCodes.RconWrongArguments)]
    [InlineData("Set access level of a player. Current levels: Admin, Moderator, Overseer, GM, Observer. Use /setaccesslevel \"username\" \"accesslevel\". Example /setaccesslevel \"rj\" \"moderator\"", ErrorCodes.RconWrongArguments)]
    [InlineData("Access Level '0' unknown, list of access level: player, admin, moderator, overseer, gm, observer", ErrorCodes.RconWrongArguments)]
    [InlineData("Unknown command addusertowhitelist \"bob\"", ErrorCodes.RconUnknownCommand)]
    public void Classify_KnownRefusal_ReturnsTypedCode(string reply, string code) => Assert.Equal(code, RconRejections.Classify(reply));

    [Theory]
    [InlineData("Players connected (0): \n")]
    [InlineData("Message sent.")]
    [InlineData("User alice kicked.")]
    [InlineData("World saved")]
    [InlineData("User bob created with the password 3f1c")]
    [InlineData("User bob removed from white list")]
    [InlineData("User newbie is now moderator")]
    [InlineData("List of Server Options:\n* PVP=true\n* ServerWelcomeMessage=Welcome! Use /help for commands")]
    [InlineData("")]
    public void Classify_Success_ReturnsNull(string reply) => Assert.Null(RconRejections.Classify(reply));
}
