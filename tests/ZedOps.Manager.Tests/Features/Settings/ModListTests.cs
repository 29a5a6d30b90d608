using ZedOps.Manager.Features.Settings;

namespace ZedOps.Manager.Tests.Features.Settings;

public sealed class ModListTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> s_links = new()
    {
        ["111"] = ["ModA", "ModB"],
        ["222"] = ["ModC"],
    };

    [Fact]
    public void Write_RemovingAnItem_DropsItsModIdsAndKeepsTheB42Form()
    {
        var state = ModList.Read("\\ModA;\\ModB;\\ModC;\\Local", "111;222", "Muldraugh, KY", s_links);
        Assert.Equal(["Local"], state.LocalModIds);

        var (mods, workshop, map) = ModList.Write(state with { Items = [state.Items[1]] }, ModList.UsesBackslashForm("\\ModA"));

        Assert.Equal(("\\ModC;\\Local", "222", "Muldraugh, KY"), (mods, workshop, map));
    }

    [Fact]
    public void Write_PlainFormStaysPlain_ItemMapsGoBeforeTheBaseMap()
    {
        var state = ModList.Read("ModA;ModB", "111", "Muldraugh, KY", s_links);

        var (mods, workshop, map) = ModList.Write(state with { Items = [.. state.Items, new ModItem("333", ["ModD"], ["Bedford Falls"])] }, backslashForm: false);

        Assert.Equal(("ModA;ModB;ModD", "111;333", "Bedford Falls;Muldraugh, KY"), (mods, workshop, map));
    }

    [Fact]
    public void Warnings_ModWithoutItem_ItemWithoutMod_BaseMapNotLast()
    {
        var state = new ModListState([new ModItem("444", [], [])], ["Orphan"], ["Muldraugh, KY", "Riverside Extra"]);

        var warnings = ModList.Warnings(state).ToList();

        Assert.Contains(warnings, w => w.Contains("'Orphan' has no Workshop item", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("444 has no mod id", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("should be last", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_NonNumericItemAndSemicolonInModId_NameTheKey()
    {
        var problems = ModList.Problems(new ModListState([new ModItem("abc", ["A;B"], [])], [], [])).ToList();

        Assert.Contains(problems, p => p.StartsWith("WorkshopItems:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Mods:", StringComparison.Ordinal));
    }

    [Fact]
    public void ParseCollection_IdsAndUrls()
    {
        var ids = ModList.ParseCollection("""
            https://steamcommunity.com/sharedfiles/filedetails/?id=2392709985
            2200148440, 2200148440
            https://steamcommunity.com/workshop/filedetails/?id=1299328280&searchtext=
            """);

        Assert.Equal(["2392709985", "2200148440", "1299328280"], ids);
    }
}
