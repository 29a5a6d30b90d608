using ZedOps.Manager.Features.Settings;

namespace ZedOps.Manager.Tests.Features.Settings;

public sealed class LuaParserTests
{
    private const string Source = "\uFEFF-- header\r\nSandboxVars = {\r\n    VERSION = 5,\r\n    --[[ block\r\n comment ]] Name = 'it''s',\r\n"
        + "    Neg = -1.5e2; Hex = 0x1F,\r\n    [\"Quoted Key\"] = \"a \\\"b\\\"\",\r\n    Nested = { Deep = { X = true, }, 1, 2 },\r\n    Unknown = nil\r\n}\r\n";

    [Fact]
    public void Parse_AllValueForms_PrintsBackByteForByte()
    {
        var fixedSource = Source.Replace("'it''s'", "'it\\'s'", StringComparison.Ordinal);
        var document = SandboxDocument.Parse(fixedSource);

        Assert.Equal(fixedSource, document.ToString());
        Assert.Equal("-1.5e2", document.Find("Neg")!.Literal);
        Assert.Equal("0x1F", document.Find("Hex")!.Literal);
        Assert.Equal(LuaValueKind.Bool, document.Find("Nested.Deep.X")!.Kind);
        Assert.Equal(LuaValueKind.Text, document.Find("Quoted Key")!.Kind);
        Assert.Contains("--[[ block\r\n comment ]]", document.Find("Name")!.Comments);
    }

    [Fact]
    public void Set_String_QuotesAndEscapes_OnlyThatTokenChanges()
    {
        var source = "SandboxVars = {\n    Name = \"old\", -- keep me\n    Other = 1,\n}\n";
        var document = SandboxDocument.Parse(source);

        Assert.Null(document.Set("Name", "say \"hi\""));

        Assert.Equal("SandboxVars = {\n    Name = \"say \\\"hi\\\"\", -- keep me\n    Other = 1,\n}\n", document.ToString());
    }

    [Theory]
    [InlineData("SandboxVars = { A = 1", "expected")]
    [InlineData("SandboxVars = { A = 1 B = 2 }", "expected ','")]
    [InlineData("SandboxVars = { A = \"open }", "unfinished string")]
    [InlineData("Other = { }", "no 'SandboxVars")]
    public void Parse_Broken_ThrowsWithLine(string source, string expected)
    {
        var ex = Assert.Throws<LuaSyntaxException>(() => SandboxDocument.Parse(source));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnifiedDiff_OneLineChange_OneHunkWithContext()
    {
        var before = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"K{i}=v")) + "\n";
        var after = before.Replace("K10=v", "K10=w", StringComparison.Ordinal);

        var diff = UnifiedDiff.Create(before, after, "x.ini");

        Assert.Equal("--- a/x.ini\n+++ b/x.ini\n@@ -7,7 +7,7 @@\n K7=v\n K8=v\n K9=v\n-K10=v\n+K10=w\n K11=v\n K12=v\n K13=v\n", diff);
        Assert.Equal("", UnifiedDiff.Create(before, before, "x.ini"));
    }
}
