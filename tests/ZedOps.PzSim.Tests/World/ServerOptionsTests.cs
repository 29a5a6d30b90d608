using ZedOps.PzSim.World;

namespace ZedOps.PzSim.Tests.World;

public sealed class ServerOptionsTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string IniPath => Path.Combine(_dir.Path, "srv.ini");

    [Fact]
    public void LoadOrCreate_FirstBoot_WritesPzKeysWithOverrides()
    {
        var overrides = new Dictionary<string, string> { ["RCONPassword"] = "pw", ["RCONPort"] = "27999", ["Mods"] = "ModA;ModB" };

        ServerOptions.LoadOrCreate(IniPath, overrides, new Random(3));

        var ini = File.ReadAllLines(IniPath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
        foreach (var key in new[] { "PublicName", "PublicDescription", "Public", "Open", "Password", "MaxPlayers", "PVP", "PauseEmpty",
            "DefaultPort", "UDPPort", "WorkshopItems", "Map", "SaveWorldEveryMinutes", "BackupsCount", "BackupsOnStart",
            "BackupsOnVersionChange", "BackupsPeriod", "SteamVAC", "UPnP", "DoLuaChecksum", "AutoCreateUserInWhiteList",
            "MaxAccountsPerUser", "ServerWelcomeMessage", "DiscordEnable", "DiscordToken", "DiscordChannel", "DiscordChannelID",
            "SafetySystem", "PlayerSafehouse", "AdminSafehouse", "AntiCheatProtectionType1", "DenyLoginOnOverloadedServer", "PingLimit", "ResetID" })
        {
            Assert.True(ini.ContainsKey(key), key);
        }
        Assert.Equal(("pw", "27999", "ModA;ModB", "16261"), (ini["RCONPassword"], ini["RCONPort"], ini["Mods"], ini["DefaultPort"]));
        Assert.NotEqual("0", ini["ResetID"]);
    }

    [Fact]
    public void LoadOrCreate_Restart_KeepsEditsAndUnknownKeysAndReappliesOverrides()
    {
        ServerOptions.LoadOrCreate(IniPath, new Dictionary<string, string>(), new Random(3)).Change("PublicName", "Kept");
        // The server writes no newline after the last option: a key added by hand starts a new line.
        File.AppendAllText(IniPath, "\nSomeModOption=42\n");
        var resetId = File.ReadAllLines(IniPath).Single(l => l.StartsWith("ResetID=", StringComparison.Ordinal));

        var options = ServerOptions.LoadOrCreate(IniPath, new Dictionary<string, string> { ["MaxPlayers"] = "8" }, new Random(4));

        Assert.Equal(("Kept", "42", 8), (options["PublicName"], options["SomeModOption"], options.GetInt("MaxPlayers")));
        Assert.Contains(resetId, File.ReadAllLines(IniPath));
    }

    [Theory]
    [InlineData("MaxPlayers", "abc", "32")]
    [InlineData("PVP", "FALSE", "false")]
    [InlineData("VoiceMaxDistance", "55", "55.0")]
    [InlineData("PublicDescription", "Hello there", "Hello there")]
    public void Change_TypedValue_NormalisedOrIgnored(string key, string value, string expected)
    {
        var options = ServerOptions.LoadOrCreate(IniPath, new Dictionary<string, string>(), new Random(3));

        Assert.Equal($"Option : {key} is now : {expected}", options.Change(key, value));
    }
}
