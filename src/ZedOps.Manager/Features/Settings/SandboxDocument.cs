using System.Globalization;
using System.Text;

namespace ZedOps.Manager.Features.Settings;

/// <summary>One scalar of SandboxVars: <c>ZombieLore.Speed</c>, its literal, kind and the comments above it (the
/// game writes the meaning of each choice there, e.g. <c>-- 1 = Insane</c>).</summary>
public sealed record SandboxEntry(string Path, string Group, string Key, LuaValueKind Kind, string Literal, IReadOnlyList<string> Comments);

/// <summary>
/// <c>&lt;name&gt;_SandboxVars.lua</c> as its source text plus a syntax tree with spans. Editing replaces only the
/// edited value's characters, so an unchanged document prints back byte for byte and comments stay where they are.
/// </summary>
public sealed partial class SandboxDocument
{
    public const string RootName = "SandboxVars";
    private readonly string _source;
    private readonly Dictionary<string, (LuaValue Value, SandboxEntry Entry)> _entries = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, (int Length, string Text)> _edits = [];
    private readonly Dictionary<string, LuaValue> _tables = new(StringComparer.Ordinal);

    private SandboxDocument(string source) => _source = source;

    public IEnumerable<SandboxEntry> Entries => _entries.Values.Select(e => e.Entry);

    /// <summary>Throws <see cref="LuaSyntaxException"/> for a file that is not a Lua data file with a SandboxVars table.</summary>
    public static SandboxDocument Parse(string source)
    {
        var document = new SandboxDocument(source);
        var root = LuaParser.ParseAssignments(source).FirstOrDefault(a => a.Name == RootName).Value;
        if (root is not { Kind: LuaValueKind.Table })
        {
            throw new LuaSyntaxException($"no '{RootName} = {{ ... }}' table", source, 0);
        }
        document._tables[""] = root;
        document.Collect(root, "");
        return document;
    }

    private void Collect(LuaValue table, string prefix)
    {
        foreach (var field in table.Fields.Where(f => f.Key is not null))
        {
            var path = prefix.Length == 0 ? field.Key! : prefix + "." + field.Key;
            if (field.Value.Kind == LuaValueKind.Table)
            {
                _tables.TryAdd(path, field.Value);
                Collect(field.Value, path);
                continue;
            }
            var group = prefix.Length == 0 ? "" : prefix;
            _entries.TryAdd(path, (field.Value, new SandboxEntry(path, group, field.Key!, field.Value.Kind, field.Value.Text, field.Comments)));
        }
    }

    public SandboxEntry? Find(string path) => _entries.TryGetValue(path, out var e) ? e.Entry : null;

    /// <summary>Null when accepted, else the problem (naming the path). The value keeps its kind: a number stays a
    /// number written in the file's form (a decimal keeps its decimal point), a boolean true/false, a string is quoted.</summary>
    public string? Set(string path, string value)
    {
        if (!_entries.TryGetValue(path, out var found))
        {
            return $"{path}: no such entry in the file (only existing entries can be edited).";
        }
        var (lua, _) = found;
        string literal;
        switch (lua.Kind)
        {
            case LuaValueKind.Number:
                if (!OptionValues.TryDouble(value, out var number) || double.IsNaN(number) || double.IsInfinity(number))
                {
                    return $"{path}: '{value}' is not a number.";
                }
                var decimalForm = lua.Text.Contains('.', StringComparison.Ordinal);
                if (!decimalForm && number != Math.Floor(number))
                {
                    return $"{path}: '{value}' must be a whole number.";
                }
                literal = decimalForm ? number.ToString("0.0###########", CultureInfo.InvariantCulture) : number.ToString("0", CultureInfo.InvariantCulture);
                break;
            case LuaValueKind.Bool when OptionValues.IsBool(value):
                literal = value.Trim().ToLowerInvariant();
                break;
            case LuaValueKind.Bool:
                return $"{path}: '{value}' is not true or false.";
            case LuaValueKind.Text:
                literal = Quote(value, lua.Text[0]);
                break;
            default:
                return $"{path}: {lua.Kind} entries cannot be edited here.";
        }
        _edits[lua.Start] = (lua.Length, literal == lua.Text ? lua.Text : literal);
        return null;
    }

    public override string ToString()
    {
        var edits = new SortedDictionary<int, (int Length, string Text)>(_edits);
        foreach (var (at, text) in NewGroupTexts())
        {
            // New group tables go after the entries added at the same place.
            edits[at] = edits.TryGetValue(at, out var e) && e.Length == 0 ? (0, e.Text + text) : (0, text);
        }
        var result = new StringBuilder(_source);
        foreach (var (start, (length, replacement)) in edits.Reverse())
        {
            result.Remove(start, length).Insert(start, replacement);
        }
        return result.ToString();
    }

    /// <summary>The value a literal stands for, for display: strings unquoted (escapes kept as written).</summary>
    public static string Display(SandboxEntry entry) =>
        entry.Kind == LuaValueKind.Text && entry.Literal.Length >= 2 && entry.Literal[0] is '"' or '\'' ? entry.Literal[1..^1] : entry.Literal;

    private static string Quote(string value, char quote)
    {
        quote = quote is '"' or '\'' ? quote : '"';
        var escaped = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace(quote.ToString(), "\\" + quote, StringComparison.Ordinal);
        return quote + escaped + quote;
    }
}
