namespace ZedOps.PzSim.Tests;

public sealed class SimSettingsTests
{
    [Fact]
    public void Parse_Empty_Defaults()
    {
        var settings = SimSettings.Parse(new Dictionary<string, string>(), out var errors)!;

        Assert.Empty(errors);
        Assert.Equal(("servertest", "/home/steam/Zomboid", TimeSpan.FromSeconds(3)), (settings.ServerName, settings.DataDir, settings.BootDelay));
        Assert.Empty(settings.IniOverrides);
    }

    [Fact]
    public void Parse_ImageVariables_MapToIniKeys()
    {
        var settings = SimSettings.Parse(new Dictionary<string, string>
        {
            ["SERVER_NAME"] = "pzserver", ["RCON_PASSWORD"] = "pw", ["RCON_PORT"] = "27020", ["MOD_NAMES"] = "a,b",
            ["MOD_WORKSHOP_IDS"] = "1;2", ["MAX_PLAYERS"] = "10", ["SIM_BOOT_DELAY_SECONDS"] = "0.5", ["SIM_SAVE_SECONDS"] = "4",
            ["SIM_PLAYERS"] = "alice,bob@2-9", ["ZOMBOID_DATA_DIR"] = "/data",
        }, out var errors)!;

        Assert.Empty(errors);
        Assert.Equal("pzserver", settings.ServerName);
        Assert.Equal(("pw", "27020", "a;b", "1;2", "10"), (settings.IniOverrides["RCONPassword"], settings.IniOverrides["RCONPort"],
            settings.IniOverrides["Mods"], settings.IniOverrides["WorkshopItems"], settings.IniOverrides["MaxPlayers"]));
        Assert.Equal((TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(4), "/data"), (settings.BootDelay, settings.SaveDuration, settings.DataDir));
        Assert.Equal(2, settings.Players.Count);
    }

    [Fact]
    public void Parse_BadValues_ReportsEveryProblem()
    {
        var settings = SimSettings.Parse(new Dictionary<string, string>
        {
            ["RCON_PORT"] = "x", ["SIM_BOOT_DELAY_SECONDS"] = "-1", ["SIM_PLAYERS"] = "bob@5-2", ["BIND_IP"] = "nowhere", ["SERVER_NAME"] = "../x",
        }, out var errors);

        Assert.Null(settings);
        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("RCON_PORT", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, 41, "41.78.16")]
    [InlineData("41", 41, "41.78.16")]
    [InlineData("42", 42, "42.20.4")]
    public void Parse_PzBuild_SelectsBuildAndVersion(string? raw, int build, string version)
    {
        var env = raw is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["PZ_BUILD"] = raw };

        var settings = SimSettings.Parse(env, out var errors)!;

        Assert.Empty(errors);
        Assert.Equal((build, version), ((int)settings.Build, settings.BuildVersion));
    }

    [Fact]
    public void Parse_UnknownPzBuild_IsAnError()
    {
        Assert.Null(SimSettings.Parse(new Dictionary<string, string> { ["PZ_BUILD"] = "40" }, out var errors));
        Assert.Equal("PZ_BUILD: '40' is not 41 or 42", Assert.Single(errors));
    }
}
