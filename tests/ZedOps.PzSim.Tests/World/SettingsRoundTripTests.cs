using ZedOps.Manager.Features.Settings;
using ZedOps.PzFacts;
using ZedOps.PzSim.World;

namespace ZedOps.PzSim.Tests.World;

/// <summary>The manager's settings editor against files pz-sim writes the way the real server does (both builds, a
/// comma-decimal locale, comments): unchanged documents print back byte for byte, one edit changes one line.</summary>
public sealed class SettingsRoundTripTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<bool, bool> Styles => new() { { false, false }, { true, false }, { false, true }, { true, true } };

    private string WriteIni(bool decimalComma, bool b42)
    {
        var layout = new DataLayout(_dir.Path, "srv");
        layout.EnsureDirectories();
        ServerOptions.LoadOrCreate(layout.IniFile, new Dictionary<string, string> { ["Mods"] = "ModA;ModB", ["WorkshopItems"] = "111;222", ["RCONPassword"] = "pw" },
            new Random(5), new IniStyle(decimalComma, b42));
        // The server writes no newline after the last option; a mod's key appended by hand follows a blank line.
        File.AppendAllText(layout.IniFile, "\n\nSomeModOption=42\n");
        return File.ReadAllText(layout.IniFile);
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Ini_OneChange_RewritesOneLineAndKeepsTheRest(bool decimalComma, bool b42)
    {
        var original = WriteIni(decimalComma, b42);
        var document = IniDocument.Parse(original);
        Assert.Equal(original, document.ToString());
        Assert.StartsWith("# Players can hurt and kill each other.\nPVP=true\n\n", original, StringComparison.Ordinal);
        Assert.Contains("\n# Minimum=1 Maximum=100 Default=32\nMaxPlayers=32\n\n", original, StringComparison.Ordinal);

        var option = OptionCatalog.Find("MaxPlayers", b42 ? GameBuild.B42 : GameBuild.B41)!;
        document.Set("MaxPlayers", OptionValues.ToFileForm(option, "10", document.Get("MaxPlayers")));

        var changed = Diff(original, document.ToString());
        Assert.Equal([("MaxPlayers=32", "MaxPlayers=10")], changed);
        Assert.Equal("42", IniDocument.Parse(document.ToString()).Get("SomeModOption"));
        Assert.Equal(b42 ? "\\ModA;\\ModB" : "ModA;ModB", document.Get("Mods"));
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Ini_Decimal_WrittenInTheFormTheFileUses(bool decimalComma, bool b42)
    {
        var original = WriteIni(decimalComma, b42);
        var document = IniDocument.Parse(original);
        Assert.Equal(decimalComma ? "10,0" : "10.0", document.Get("VoiceMinDistance"));
        // The range comment is the game's %.02f, in the host's locale too.
        Assert.Contains(decimalComma ? "# Minimum=0,00 Maximum=100000,00 Default=10,00\nVoiceMinDistance=10,0" : "# Minimum=0.00 Maximum=100000.00 Default=10.00\nVoiceMinDistance=10.0",
            original, StringComparison.Ordinal);
        var option = OptionCatalog.Find("VoiceMinDistance")!;
        Assert.Null(OptionValues.Problem(option, decimalComma ? "2,5" : "2.5"));

        document.Set("VoiceMinDistance", OptionValues.ToFileForm(option, "2.5", document.Get("VoiceMinDistance")));

        Assert.Equal([(decimalComma ? "VoiceMinDistance=10,0" : "VoiceMinDistance=10.0", decimalComma ? "VoiceMinDistance=2,5" : "VoiceMinDistance=2.5")],
            Diff(original, document.ToString()));
        // The server reads it back as the same number.
        File.WriteAllText(Path.Combine(_dir.Path, "Server", "srv.ini"), document.ToString());
        var reloaded = ServerOptions.LoadOrCreate(Path.Combine(_dir.Path, "Server", "srv.ini"), new Dictionary<string, string>(), new Random(1), new IniStyle(decimalComma, b42));
        Assert.Equal("2.5", reloaded["VoiceMinDistance"]);
    }

    [Theory]
    [InlineData("MaxPlayers", "lots", "MaxPlayers")]
    [InlineData("MaxPlayers", "500", "outside")]
    [InlineData("PVP", "maybe", "true or false")]
    [InlineData("MinutesPerPage", "1.2.3", "not a number")]
    public void Ini_InvalidValue_ProblemNamesTheKey(string key, string value, string expected)
    {
        var problem = OptionValues.Problem(OptionCatalog.Find(key)!, value);

        Assert.NotNull(problem);
        Assert.StartsWith(key + ":", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sandbox_OneChange_RewritesOneTokenAndKeepsComments(bool b42)
    {
        var original = WriteSandbox(b42);
        var document = SandboxDocument.Parse(original);
        Assert.Equal(original, document.ToString());
        Assert.Contains("-- 1 = Insane", document.Find("Zombies")!.Comments);
        Assert.Equal(LuaValueKind.Number, document.Find("ZombieLore.Speed")!.Kind);
        // B42 moved the XP multiplier into its own group.
        var xp = b42 ? "MultiplierConfig.Global" : "XpMultiplier";

        Assert.Null(document.Set("ZombieLore.Speed", "1"));
        Assert.Null(document.Set(xp, "2,5"));

        var changed = Diff(original, document.ToString());
        var xpLine = b42 ? ("        Global = 1.0,", "        Global = 2.5,") : ("    XpMultiplier = 1.0,", "    XpMultiplier = 2.5,");
        var speedLine = ("        Speed = 2,", "        Speed = 1,");
        Assert.Equal(b42 ? [speedLine, xpLine] : [xpLine, speedLine], changed);
        Assert.Contains("-- 1 = Insane", document.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sandbox_B42File_HasItsGroupsAndKeys_AndTheB41FileDoesNot()
    {
        var b42 = SandboxDocument.Parse(WriteSandbox(true));
        var b41 = SandboxDocument.Parse(WriteSandbox(false, "b41only"));

        Assert.Equal("25", b42.Find("MaximumRatIndex")!.Literal);
        Assert.Equal("0.65", b42.Find("ZombieConfig.PopulationMultiplier")!.Literal);
        Assert.Equal("4", b42.Find("Basement.SpawnFrequency")!.Literal);
        Assert.Contains("-- Most rats/vermin in a building Min: 0 Max: 50 Default: 25", b42.Find("MaximumRatIndex")!.Comments);
        Assert.Contains("-- Zombie speed. Default = Fast Shamblers", b42.Find("ZombieLore.Speed")!.Comments);
        Assert.Null(b42.Find("XpMultiplier"));
        Assert.Null(b42.Find("FoodLoot"));
        Assert.Null(b41.Find("MaximumRatIndex"));
        Assert.Contains("-- Zombie speed Default=Fast Shamblers", b41.Find("ZombieLore.Speed")!.Comments);
        Assert.Contains("-- XP multiplier Minimum=0.00 Maximum=1000.00 Default=1.00", b41.Find("XpMultiplier")!.Comments);
        Assert.Equal(SandboxFacts.For(GameBuild.B42).Select(f => f.Path).Prepend("VERSION"), b42.Entries.Select(e => e.Path));
        Assert.Equal(SandboxFacts.For(GameBuild.B41).Select(f => f.Path).Prepend("VERSION"), b41.Entries.Select(e => e.Path));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sandbox_AddMissingEntry_OneNewLineInItsTable(bool b42)
    {
        // A file without ZombieLore.TriggerHouseAlarm (as an older build or a hand edit leaves it).
        var full = WriteSandbox(b42);
        var lines = full.Split('\n').ToList();
        var at = lines.FindIndex(l => l.Trim() == "TriggerHouseAlarm = false,");
        lines.RemoveAt(at);
        var original = string.Join('\n', lines);
        var document = SandboxDocument.Parse(original);
        var build = b42 ? GameBuild.B42 : GameBuild.B41;
        var option = SandboxCatalog.Find("ZombieLore.TriggerHouseAlarm", build)!;

        Assert.Null(document.Add(option.Path, SandboxCatalog.Literal(option, "true")));

        var after = document.ToString().Split('\n');
        Assert.Equal(lines.Count + 1, after.Length);
        var added = after.Except(lines).ToList();
        Assert.Equal(["        TriggerHouseAlarm = true,"], added);
        // It lands in ZombieLore, after the table's last entry, and the rest is byte for byte the same.
        Assert.Equal(original, string.Join('\n', after.Where((_, i) => i != Array.IndexOf(after, added[0]))));
        Assert.Equal("true", SandboxDocument.Parse(document.ToString()).Find("ZombieLore.TriggerHouseAlarm")!.Literal);
    }

    [Fact]
    public void Sandbox_AddToAMissingGroup_AppendsTheGroupTable()
    {
        var original = "SandboxVars = {\n    VERSION = 6,\n    Zombies = 4,\n}\n";
        var document = SandboxDocument.Parse(original);

        Assert.Null(document.Add("Map.MapNeedsLight", "false"));
        Assert.Null(document.Add("Map.AllowMiniMap", "true"));

        Assert.Equal("SandboxVars = {\n    VERSION = 6,\n    Zombies = 4,\n    Map = {\n        MapNeedsLight = false,\n        AllowMiniMap = true,\n    },\n}\n",
            document.ToString());
    }

    [Theory]
    [InlineData("ZombieLore.Speed", "5", "not one of the 4 choices")]
    [InlineData("ZombieLore.Speed", "fast", "not one of")]
    [InlineData("ZombieConfig.PopulationPeakDay", "400", "outside 1..365")]
    [InlineData("ZombieConfig.PopulationMultiplier", "4,5", "outside 0..4")]
    [InlineData("Map.AllowMiniMap", "yes", "true or false")]
    public void Sandbox_CatalogueRefusesOutOfRange_NamingThePath(string path, string value, string expected)
    {
        var problem = SandboxCatalog.Problem(SandboxCatalog.Find(path, GameBuild.B41)!, value);

        Assert.NotNull(problem);
        Assert.StartsWith(path + ":", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ini_PzSimFile_IsTheCatalogueOfItsBuild_AndTellsItsBuild(bool b42)
    {
        var build = b42 ? GameBuild.B42 : GameBuild.B41;
        var document = IniDocument.Parse(WriteIni(false, b42));

        Assert.Equal(build, SettingsBuild.FromIni(document));
        Assert.Equal(OptionCatalog.For(build).Select(o => o.Key).Append("SomeModOption"), document.Keys);
        Assert.Equal(b42, document.Get("ChatMessageCharacterLimit") is not null);
        Assert.Equal(!b42, document.Get("AntiCheatProtectionType1") is not null);
        Assert.Equal(b42 ? "0" : "400", document.Get("PingLimit"));
    }

    private string WriteSandbox(bool b42, string? name = null)
    {
        var layout = new DataLayout(_dir.Path, name ?? (b42 ? "b42" : "b41"));
        layout.EnsureDirectories();
        GeneratedFiles.EnsureLuaFiles(layout, b42 ? GameBuild.B42 : GameBuild.B41);
        return File.ReadAllText(layout.SandboxVarsFile);
    }

    [Fact]
    public void Sandbox_InvalidValue_ProblemNamesThePath()
    {
        var document = SandboxDocument.Parse(WriteSandbox(false, "srv"));

        Assert.StartsWith("Zombies:", document.Set("Zombies", "lots"), StringComparison.Ordinal);
        Assert.StartsWith("StarterKit:", document.Set("StarterKit", "2"), StringComparison.Ordinal);
        Assert.StartsWith("Zombies:", document.Set("Zombies", "1.5"), StringComparison.Ordinal);
        Assert.StartsWith("NoSuchThing:", document.Set("NoSuchThing", "1"), StringComparison.Ordinal);
    }

    private static List<(string Before, string After)> Diff(string before, string after)
    {
        var (a, b) = (before.Split('\n'), after.Split('\n'));
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b).Where(p => p.First != p.Second).Select(p => (p.First, p.Second)).ToList();
    }
}
