using ZedOps.Manager.Features.Settings;
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
        File.AppendAllText(layout.IniFile, "SomeModOption=42\n");
        return File.ReadAllText(layout.IniFile);
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Ini_OneChange_RewritesOneLineAndKeepsTheRest(bool decimalComma, bool b42)
    {
        var original = WriteIni(decimalComma, b42);
        var document = IniDocument.Parse(original);
        Assert.Equal(original, document.ToString());
        Assert.StartsWith("# PVP\nPVP=true\n\n", original, StringComparison.Ordinal);

        var option = OptionCatalog.Find("MaxPlayers")!;
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
        Assert.Equal(decimalComma ? "1,0" : "1.0", document.Get("MinutesPerPage"));
        var option = OptionCatalog.Find("MinutesPerPage")!;
        Assert.Null(OptionValues.Problem(option, decimalComma ? "2,5" : "2.5"));

        document.Set("MinutesPerPage", OptionValues.ToFileForm(option, "2.5", document.Get("MinutesPerPage")));

        Assert.Equal([(decimalComma ? "MinutesPerPage=1,0" : "MinutesPerPage=1.0", decimalComma ? "MinutesPerPage=2,5" : "MinutesPerPage=2.5")],
            Diff(original, document.ToString()));
        // The server reads it back as the same number.
        File.WriteAllText(Path.Combine(_dir.Path, "Server", "srv.ini"), document.ToString());
        var reloaded = ServerOptions.LoadOrCreate(Path.Combine(_dir.Path, "Server", "srv.ini"), new Dictionary<string, string>(), new Random(1), new IniStyle(decimalComma, b42));
        Assert.Equal("2.5", reloaded["MinutesPerPage"]);
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
        var layout = new DataLayout(_dir.Path, b42 ? "b42" : "b41");
        layout.EnsureDirectories();
        GeneratedFiles.EnsureLuaFiles(layout);
        var original = File.ReadAllText(layout.SandboxVarsFile);
        var document = SandboxDocument.Parse(original);
        Assert.Equal(original, document.ToString());
        Assert.Contains("-- 1 = Insane", document.Find("Zombies")!.Comments);
        Assert.Equal(LuaValueKind.Number, document.Find("ZombieLore.Speed")!.Kind);

        Assert.Null(document.Set("ZombieLore.Speed", "1"));
        Assert.Null(document.Set("XpMultiplier", "2,5"));

        var changed = Diff(original, document.ToString());
        Assert.Equal([("    XpMultiplier = 1.0,", "    XpMultiplier = 2.5,"), ("        Speed = 2,", "        Speed = 1,")],
            changed.Select(c => (c.Before.Replace("\t", "    ", StringComparison.Ordinal), c.After.Replace("\t", "    ", StringComparison.Ordinal))).ToList());
        Assert.Contains("-- 1 = Insane", document.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sandbox_InvalidValue_ProblemNamesThePath()
    {
        var layout = new DataLayout(_dir.Path, "srv");
        layout.EnsureDirectories();
        GeneratedFiles.EnsureLuaFiles(layout);
        var document = SandboxDocument.Parse(File.ReadAllText(layout.SandboxVarsFile));

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
