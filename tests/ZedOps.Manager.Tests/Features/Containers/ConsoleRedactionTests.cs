using ZedOps.Manager.Features.Containers;

namespace ZedOps.Manager.Tests.Features.Containers;

public sealed class ConsoleRedactionTests
{
    private static readonly string[] s_secrets = ["s3cret-admin", "rc0n-pass"];

    [Theory]
    [InlineData("LOG  : General     , 1700000000000> command line: -servername x -adminusername admin -adminpassword whatever1", "LOG  : General     , 1700000000000> command line: -servername x -adminusername admin -adminpassword ***")]
    [InlineData("-adminpassword \"quoted pw\" -port 16261", "-adminpassword *** -port 16261")]
    [InlineData("RCON: ID=7 Type=3 Body='anything' Socket[addr=/127.0.0.1,port=1,localport=27015]", "RCON: ID=7 Type=3 Body='***' Socket[addr=/127.0.0.1,port=1,localport=27015]")]
    [InlineData("RCON: ID=8 Type=2 Body='adduser \"bo b\" \"it's\"' Socket[addr=/1.2.3.4,port=1,localport=2]", "RCON: ID=8 Type=2 Body='adduser \"bo b\" \"***\"' Socket[addr=/1.2.3.4,port=1,localport=2]")]
    [InlineData("RCON: ID=9 Type=2 Body='changeoption DiscordToken abc' Socket[x]", "RCON: ID=9 Type=2 Body='changeoption DiscordToken ***' Socket[x]")]
    [InlineData("RCON: ID=9 Type=2 Body='servermsg \"hello\"' Socket[x]", "RCON: ID=9 Type=2 Body='servermsg \"hello\"' Socket[x]")]
    [InlineData("command entered via server console (System.in): \"adduser bob pw1\"", "command entered via server console (System.in): \"adduser bob ***\"")]
    [InlineData("ADMIN_PASSWORD=s3cret-admin RCON=rc0n-pass", "ADMIN_PASSWORD=*** RCON=***")]
    [InlineData("changeoption Password hunter2", "changeoption Password ***")]
    [InlineData("adduser \"x y\" \"p w\"", "adduser \"x y\" \"***\"")]
    [InlineData("  indented line kept as it is ", "  indented line kept as it is ")]
    [InlineData("nothing secret here", "nothing secret here")]
    public void Redact_KnownShapesAndSecrets_Masked(string line, string expected) =>
        Assert.Equal(expected, ConsoleRedaction.Redact(line, s_secrets));

    [Fact]
    public void Redact_VeryShortSecret_OnlyMaskedWherePatternsFindIt() =>
        Assert.Equal("a b c -adminpassword ***", ConsoleRedaction.Redact("a b c -adminpassword ab", ["ab"]));

    [Theory]
    [InlineData("RCON_PASSWORD", true)]
    [InlineData("DiscordToken", true)]
    [InlineData("STEAM_API_KEY", true)]
    [InlineData("SERVER_NAME", false)]
    [InlineData("MAX_RAM", false)]
    public void IsSecretName_ReadsNamesLikeTheAuditMasker(string name, bool secret) =>
        Assert.Equal(secret, ConsoleRedaction.IsSecretName(name));
}
