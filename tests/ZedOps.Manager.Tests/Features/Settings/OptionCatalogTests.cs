using ZedOps.Manager.Features.Settings;
using ZedOps.PzFacts;

namespace ZedOps.Manager.Tests.Features.Settings;

/// <summary>Spot checks of the catalogues against the decompiled sources they were taken from (listed in
/// <see cref="IniFacts"/> and <see cref="SandboxFacts"/>): a few key/range/default triples per build.</summary>
public sealed class OptionCatalogTests
{
    [Theory]
    [InlineData(GameBuild.B41, "MaxPlayers", 1, 100, "32")]
    [InlineData(GameBuild.B41, "PingLimit", 100, int.MaxValue, "400")]
    [InlineData(GameBuild.B41, "SafetyToggleTimer", 0, 1000, "2")]
    [InlineData(GameBuild.B41, "BackupsPeriod", 0, 1500, "0")]
    [InlineData(GameBuild.B41, "SpeedLimit", 10, 150, "70.0")]
    [InlineData(GameBuild.B41, "AntiCheatProtectionType24ThresholdMultiplier", 1, 10, "6.0")]
    [InlineData(GameBuild.B42, "MaxPlayers", 1, 100, "32")]
    [InlineData(GameBuild.B42, "PingLimit", 0, int.MaxValue, "0")]
    [InlineData(GameBuild.B42, "ChatMessageCharacterLimit", 64, 1024, "200")]
    [InlineData(GameBuild.B42, "SafetyDisconnectDelay", 0, 60, "60")]
    [InlineData(GameBuild.B42, "AntiCheatMovement", 1, 4, "4")]
    public void Ini_RangeAndDefault_AsTheGameDeclaresThem(GameBuild build, string key, double min, double max, string value)
    {
        var option = OptionCatalog.Find(key, build)!;

        Assert.Equal((min, max, value), (option.Min, option.Max, option.Default));
    }

    [Fact]
    public void Ini_Builds_OptionSetsDiffer()
    {
        Assert.Equal(139, OptionCatalog.For(GameBuild.B41).Count);
        Assert.Equal(146, OptionCatalog.For(GameBuild.B42).Count);
        Assert.Equal(44, OptionCatalog.For(GameBuild.B42).Count(o => o.B42Only));
        Assert.Equal(37, IniFacts.RemovedInB42.Count);
        Assert.False(OptionCatalog.For(GameBuild.B41).Single(o => o.Key == "AntiCheatProtectionType12").Default == "true");
        Assert.Equal(OptionType.Choice, OptionCatalog.Find("SteamScoreboard", GameBuild.B41)!.Type);
        Assert.Equal(OptionType.Toggle, OptionCatalog.Find("SteamScoreboard", GameBuild.B42)!.Type);
        Assert.Equal("false", OptionCatalog.Find("KnockedDownAllowed", GameBuild.B42)!.Default);

        Assert.True(OptionCatalog.Find("WarDuration", GameBuild.B42)!.B42Only);
        Assert.False(OptionCatalog.Find("MaxPlayers", GameBuild.B42)!.B42Only);
        Assert.Null(OptionCatalog.Find("WarDuration", GameBuild.B41));
        foreach (var removed in new[] { "HoursForLootRespawn", "MinutesPerPage", "KickFastPlayers", "AntiCheatProtectionType1" })
        {
            Assert.Null(OptionCatalog.Find(removed, GameBuild.B42));
            Assert.Contains(removed, IniFacts.RemovedInB42);
        }
        Assert.Equal(["DiscordToken", "Password", "RCONPassword", "WebhookAddress"], OptionCatalog.For(GameBuild.B42).Where(o => o.Secret).Select(o => o.Key).Order());
    }

    [Theory]
    [InlineData(GameBuild.B41, "ZombieLore.Speed", 1, 4, "2")]
    [InlineData(GameBuild.B41, "ZombieConfig.PopulationMultiplier", 0, 4, "1.0")]
    [InlineData(GameBuild.B41, "ZombieConfig.PopulationPeakDay", 1, 365, "28")]
    [InlineData(GameBuild.B41, "XpMultiplier", 0.001, 1000, "1.0")]
    [InlineData(GameBuild.B42, "ZombieConfig.PopulationMultiplier", 0, 4, "0.65")]
    [InlineData(GameBuild.B42, "MaximumRatIndex", 0, 50, "25")]
    [InlineData(GameBuild.B42, "DayLength", 1, 27, "4")]
    [InlineData(GameBuild.B42, "ZombieLore.Sight", 1, 5, "2")]
    public void Sandbox_RangeAndDefault_AsTheGameDeclaresThem(GameBuild build, string path, double min, double max, string value)
    {
        var option = SandboxCatalog.Find(path, build)!;

        Assert.Equal((min, max, value), (option.Min, option.Max, option.Default));
    }

    [Fact]
    public void Sandbox_Enums_HaveNamedChoices_AndB42KeysAreMarked()
    {
        var speed = SandboxCatalog.Find("ZombieLore.Speed", GameBuild.B41)!;
        Assert.Equal(["1 Sprinters", "2 Fast Shamblers", "3 Shamblers", "4 Random"], speed.Choices!.Select(c => $"{c.Value} {c.Name}"));
        Assert.True(SandboxCatalog.Find("MaximumRatIndex", GameBuild.B42)!.B42Only);
        Assert.False(SandboxCatalog.Find("ZombieLore.Speed", GameBuild.B42)!.B42Only);
        Assert.Null(SandboxCatalog.Find("FoodLoot", GameBuild.B42));
        Assert.Equal(37, SandboxCatalog.For(GameBuild.B42).Count(o => o.Group == "MultiplierConfig"));

        // Unnamed choices take their names from the comments the game wrote above the entry.
        var poisoning = SandboxCatalog.Find("EnablePoisoning", GameBuild.B41)!;
        var named = SandboxCatalog.ChoicesFor(poisoning, ["-- Food poisoning", "-- 1 = True", "-- 2 = False"])!;
        Assert.Equal(["True", "False", "3"], named.Select(c => c.Name));
    }
}
