using System.Globalization;
using System.Text;
using ZedOps.PzFacts;

namespace ZedOps.PzSim.World;

/// <summary>
/// A first boot's <c>&lt;name&gt;_SandboxVars.lua</c>, built from <see cref="SandboxFacts"/> (keys, order, defaults of the
/// decompiled <c>SandboxOptions</c>; sources listed there). The layout follows real server-written files: <c>VERSION</c>
/// first, a comment block above each entry, groups as nested tables, 4-space indents, a trailing comma everywhere.
/// Comment texts are ours; their number formats are the game's: 41.78 writes <c>Minimum=0.00 Maximum=1000.00 Default=1.00</c>
/// and <c>Default=Name</c>, B42 writes <c>Min: 0.00 Max: 1000.00 Default: 1.00</c> and <c>. Default = Name</c> (both seen in
/// real files in the code index); enums list their choices as <c>-- N = Name</c>.
/// </summary>
internal static class SandboxVarsWriter
{
    public static string Write(GameBuild build)
    {
        var text = new StringBuilder("SandboxVars = {\n");
        text.Append("    VERSION = ").Append(SandboxFacts.Version(build)).Append(",\n");
        string? open = null;
        foreach (var fact in SandboxFacts.For(build))
        {
            if (fact.Group != (open ?? ""))
            {
                if (open is not null)
                {
                    text.Append("    },\n");
                }
                open = fact.Group.Length == 0 ? null : fact.Group;
                if (open is not null)
                {
                    text.Append("    ").Append(open).Append(" = {\n");
                }
            }
            var indent = open is null ? "    " : "        ";
            foreach (var comment in Comments(fact, build))
            {
                text.Append(indent).Append("-- ").Append(comment).Append('\n');
            }
            text.Append(indent).Append(fact.Key).Append(" = ").Append(Literal(fact)).Append(",\n");
        }
        if (open is not null)
        {
            text.Append("    },\n");
        }
        return text.Append("}\n").ToString();
    }

    private static IEnumerable<string> Comments(SandboxFact fact, GameBuild build)
    {
        var b42 = build == GameBuild.B42;
        switch (fact.Kind)
        {
            case FactKind.Choice:
                var names = fact.ChoiceNames;
                var defaultName = names is not null ? names[int.Parse(fact.Default, CultureInfo.InvariantCulture) - 1] : fact.Default;
                yield return b42 ? $"{fact.Label}. Default = {defaultName}" : $"{fact.Label} Default={defaultName}";
                for (var i = 0; names is not null && i < names.Count; i++)
                {
                    yield return $"{i + 1} = {names[i]}";
                }
                break;
            case FactKind.Whole:
                yield return b42
                    ? $"{fact.Label} Min: {Int(fact.Min)} Max: {Int(fact.Max)} Default: {fact.Default}"
                    : $"{fact.Label} Minimum={Int(fact.Min)} Maximum={Int(fact.Max)} Default={fact.Default}";
                break;
            case FactKind.Number:
                var d = double.Parse(fact.Default, CultureInfo.InvariantCulture);
                yield return b42
                    ? $"{fact.Label} Min: {Two(fact.Min)} Max: {Two(fact.Max)} Default: {Two(d)}"
                    : $"{fact.Label} Minimum={Two(fact.Min)} Maximum={Two(fact.Max)} Default={Two(d)}";
                break;
            default:
                yield return fact.Label;
                break;
        }
    }

    private static string Literal(SandboxFact fact) => fact.Kind == FactKind.Text ? "\"" + fact.Default + "\"" : fact.Default;

    private static string Int(double? value) => ((long)(value ?? 0)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Java's <c>%.02f</c>.</summary>
    private static string Two(double? value) => (value ?? 0).ToString("0.00", CultureInfo.InvariantCulture);
}
