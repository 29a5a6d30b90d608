using System.Globalization;
using System.Text.RegularExpressions;
using ZedOps.PzFacts;

namespace ZedOps.Manager.Features.Settings;

public sealed record SandboxChoice(string Value, string Name);

/// <summary>One catalogued SandboxVars entry for one build (facts from <see cref="SandboxFacts"/>, sources there).</summary>
public sealed record SandboxOption(string Path, string Group, string Key, OptionType Type, string Default, double? Min, double? Max,
    IReadOnlyList<SandboxChoice>? Choices, string Label, bool B42Only);

/// <summary>
/// The typed sandbox form's catalogue: top level, ZombieLore, ZombieConfig, Map (and B42's Basement, MultiplierConfig).
/// Values are checked against the game's ranges and enum sizes before the file is touched; entries the game did not
/// write can be added. Entries it does not know (a mod's) stay editable as the file has them.
/// </summary>
public static partial class SandboxCatalog
{
    private static readonly Dictionary<GameBuild, List<SandboxOption>> s_byBuild = new()
    {
        [GameBuild.B41] = [.. SandboxFacts.For(GameBuild.B41).Select(f => From(f, false))],
        [GameBuild.B42] = [.. SandboxFacts.For(GameBuild.B42).Select(f => From(f, SandboxFacts.Find(GameBuild.B41, f.Path) is null))],
    };

    private static readonly Dictionary<(GameBuild, string), SandboxOption> s_byPath =
        s_byBuild.SelectMany(b => b.Value.Select(o => ((b.Key, o.Path), o))).ToDictionary(e => e.Item1, e => e.o);

    public static IReadOnlyList<SandboxOption> For(GameBuild build) => s_byBuild[build];

    public static SandboxOption? Find(string path, GameBuild build) => s_byPath.GetValueOrDefault((build, path));

    private static SandboxOption From(SandboxFact f, bool b42Only)
    {
        var type = f.Kind switch
        {
            FactKind.Toggle => OptionType.Toggle,
            FactKind.Whole => OptionType.Whole,
            FactKind.Number => OptionType.Number,
            FactKind.Choice => OptionType.Choice,
            _ => OptionType.Text,
        };
        var choices = f.Kind == FactKind.Choice
            ? Enumerable.Range(1, f.Values).Select(v => new SandboxChoice(Int(v), f.ChoiceNames is { } n && v <= n.Count ? n[v - 1] : Int(v))).ToList()
            : null;
        return new SandboxOption(f.Path, f.Group, f.Key, type, f.Default, f.Min, f.Max, choices, f.Label, b42Only);
    }

    /// <summary>Null when acceptable, else why not, naming the path (as the ini's problems name the key).</summary>
    public static string? Problem(SandboxOption option, string value)
    {
        var path = option.Path;
        switch (option.Type)
        {
            case OptionType.Toggle when !OptionValues.IsBool(value):
                return $"{path}: '{value}' is not true or false.";
            case OptionType.Choice when !int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c < 1 || c > option.Choices!.Count:
                return $"{path}: '{value}' is not one of the {option.Choices!.Count} choices (1..{option.Choices.Count}).";
            case OptionType.Whole when !long.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _):
                return $"{path}: '{value}' is not a whole number.";
            case OptionType.Whole or OptionType.Number:
                if (!OptionValues.TryDouble(value, out var d) || double.IsNaN(d) || double.IsInfinity(d))
                {
                    return $"{path}: '{value}' is not a number.";
                }
                return (option.Min is { } min && d < min) || (option.Max is { } max && d > max)
                    ? $"{path}: {d.ToString(CultureInfo.InvariantCulture)} is outside {Bound(option.Min)}..{Bound(option.Max)}."
                    : null;
            case OptionType.Text when value.Any(ch => ch is '\n' or '\r' or '\0'):
                return $"{path}: the value must be one line.";
        }
        return null;
    }

    /// <summary>The Lua literal for an entry <see cref="SandboxDocument.Add"/> writes: as the game writes such a value.</summary>
    public static string Literal(SandboxOption option, string value) => option.Type switch
    {
        OptionType.Toggle => value.Trim().ToLowerInvariant(),
        OptionType.Number => OptionValues.TryDouble(value, out var d) ? Number(d) : value.Trim(),
        OptionType.Whole or OptionType.Choice => value.Trim(),
        _ => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
    };

    /// <summary>Same value? Numbers compare as numbers (1 = 1.0), booleans without case.</summary>
    public static bool SameValue(SandboxOption option, string a, string b) => option.Type switch
    {
        OptionType.Toggle => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase),
        OptionType.Text => a == b,
        _ => OptionValues.TryDouble(a, out var x) && OptionValues.TryDouble(b, out var y) ? x == y : a.Trim() == b.Trim(),
    };

    /// <summary>Choice names for an enum: the catalogue's, else the <c>-- N = Name</c> comments the game wrote above it.</summary>
    public static IReadOnlyList<SandboxChoice>? ChoicesFor(SandboxOption option, IReadOnlyList<string> comments)
    {
        if (option.Choices is not { } choices)
        {
            return null;
        }
        var named = comments.Select(c => ChoiceComment().Match(c)).Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim(), StringComparer.Ordinal);
        return [.. choices.Select(c => c.Name == c.Value && named.TryGetValue(c.Value, out var name) ? c with { Name = name } : c)];
    }

    private static string Number(double d) =>
        d == Math.Floor(d) && Math.Abs(d) < 1e15 ? d.ToString("0.0", CultureInfo.InvariantCulture) : d.ToString("0.0###########", CultureInfo.InvariantCulture);

    private static string Bound(double? b) => b is null ? "" : b >= int.MaxValue ? "2147483647" : b.Value.ToString(CultureInfo.InvariantCulture);

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^--\s*(\d+)\s*=\s*(.+)$")]
    private static partial Regex ChoiceComment();
}
