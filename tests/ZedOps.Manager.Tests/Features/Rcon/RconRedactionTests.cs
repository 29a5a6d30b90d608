using ZedOps.Manager.Features.Rcon;

namespace ZedOps.Manager.Tests.Features.Rcon;

/// <summary>Masking follows the command the server will run (PZ matches <c>^name\b</c>, case-insensitive, and splits
/// arguments with its own token rule), not the typed prefix.</summary>
public sealed class RconRedactionTests
{
    [Theory]
    [InlineData("adduser bob pw1", "adduser bob ***")]
    [InlineData("adduser \"bo b\" \"it's\"", "adduser \"bo b\" \"***\"")]
    [InlineData("adduser- bob pw1", "adduser- bob ***")]
    [InlineData("ADDUSER bob pw1", "ADDUSER bob ***")]
    [InlineData("AddUser\tbob\tpw1", "AddUser\tbob\t***")]
    [InlineData("adduser-x bob pw1", "adduser-x bob ***")]
    [InlineData("adduser bob \"pw with spaces", "adduser bob \"***")]
    [InlineData("/adduser bob pw1", "/adduser bob ***")]
    [InlineData("setpassword bob pw1", "setpassword bob ***")]
    [InlineData("changeoption RCONPassword x1", "changeoption RCONPassword ***")]
    [InlineData("changeoption- RCONPassword x1", "changeoption- RCONPassword ***")]
    [InlineData("CHANGEOPTION \"RCONPassword\" \"x 1\"", "CHANGEOPTION \"RCONPassword\" \"***\"")]
    [InlineData("changeoption DiscordToken abc", "changeoption DiscordToken ***")]
    public void Redact_CommandTheServerRunsWithASecret_MasksIt(string command, string expected) =>
        Assert.Equal(expected, RconRedaction.Redact(command));

    [Theory]
    [InlineData("changeoption MaxPlayers 12")]
    [InlineData("adduser bob")]
    [InlineData("addusers bob pw1")] // not adduser: the server answers "Unknown command"
    [InlineData("servermsg \"adduser bob pw1\"")]
    [InlineData("players")]
    public void Redact_NoSecret_LeavesCommandAsIs(string command) => Assert.Equal(command, RconRedaction.Redact(command));
}
