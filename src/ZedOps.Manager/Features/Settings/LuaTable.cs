namespace ZedOps.Manager.Features.Settings;

public enum LuaValueKind { Number, Text, Bool, Nil, Table }

/// <summary>A value in the concrete syntax tree: its source span (a negative number's span includes the '-'), and for a
/// table its fields and the offset of its closing brace.</summary>
public sealed class LuaValue
{
    public required LuaValueKind Kind { get; init; }
    public required int Start { get; init; }
    public required int Length { get; init; }
    public required string Text { get; init; }
    public List<LuaField> Fields { get; } = [];
    public int CloseBrace { get; init; }
}

/// <summary><see cref="Key"/> is null for a positional entry; <see cref="Comments"/> are the comments just above it.</summary>
public sealed record LuaField(string? Key, LuaValue Value, IReadOnlyList<string> Comments, int Start);

/// <summary>
/// A recursive-descent parser for Lua data files such as <c>SandboxVars = { Key = value, Group = { ... }, }</c>:
/// numbers, strings, booleans, nil, nested tables, <c>[key] =</c> and positional entries, ',' or ';' separators.
/// </summary>
public sealed class LuaParser
{
    private readonly string _source;
    private readonly List<LuaToken> _tokens;
    private int _at;

    private LuaParser(string source)
    {
        _source = source;
        _tokens = LuaTokenizer.Tokenize(source);
    }

    /// <summary>Every top-level <c>Name = value</c> assignment of the file, in order.</summary>
    public static List<(string Name, LuaValue Value)> ParseAssignments(string source)
    {
        var parser = new LuaParser(source);
        var result = new List<(string, LuaValue)>();
        while (parser.Peek.Kind != LuaTokenKind.End)
        {
            var name = parser.Expect(LuaTokenKind.Name, "a name");
            parser.ExpectSymbol("=");
            result.Add((name.Text, parser.Value()));
        }
        return result;
    }

    private LuaToken Peek => _tokens[_at];

    private LuaToken Next() => _tokens[_at++];

    private bool IsSymbol(string symbol) => Peek.Kind == LuaTokenKind.Symbol && Peek.Text == symbol;

    private LuaToken Expect(LuaTokenKind kind, string what) =>
        Peek.Kind == kind ? Next() : throw Error($"expected {what}, found '{Peek.Text}'");

    private void ExpectSymbol(string symbol)
    {
        if (!IsSymbol(symbol))
        {
            throw Error($"expected '{symbol}', found '{(Peek.Kind == LuaTokenKind.End ? "end of file" : Peek.Text)}'");
        }
        Next();
    }

    private LuaValue Value()
    {
        var token = Peek;
        if (IsSymbol("{"))
        {
            return Table();
        }
        if (IsSymbol("-"))
        {
            Next();
            var number = Expect(LuaTokenKind.Number, "a number after '-'");
            return Scalar(LuaValueKind.Number, token.Start, number.Start + number.Length - token.Start);
        }
        Next();
        return token.Kind switch
        {
            LuaTokenKind.Number => Scalar(LuaValueKind.Number, token.Start, token.Length),
            LuaTokenKind.Text => Scalar(LuaValueKind.Text, token.Start, token.Length),
            LuaTokenKind.Name when token.Text is "true" or "false" => Scalar(LuaValueKind.Bool, token.Start, token.Length),
            LuaTokenKind.Name when token.Text == "nil" => Scalar(LuaValueKind.Nil, token.Start, token.Length),
            _ => throw Error($"expected a value, found '{token.Text}'", token),
        };
    }

    private LuaValue Table()
    {
        var open = Next();
        var fields = new List<LuaField>();
        while (!IsSymbol("}"))
        {
            var first = Peek;
            string? key = null;
            if (first.Kind == LuaTokenKind.Name && _tokens[_at + 1] is { Kind: LuaTokenKind.Symbol, Text: "=" })
            {
                key = Next().Text;
                Next();
            }
            else if (IsSymbol("["))
            {
                Next();
                var keyValue = Value();
                key = keyValue.Kind == LuaValueKind.Text ? keyValue.Text[1..^1] : keyValue.Text;
                ExpectSymbol("]");
                ExpectSymbol("=");
            }
            fields.Add(new LuaField(key, Value(), first.Comments, first.Start));
            if (IsSymbol(",") || IsSymbol(";"))
            {
                Next();
            }
            else if (!IsSymbol("}"))
            {
                throw Error($"expected ',' or '}}', found '{Peek.Text}'");
            }
        }
        var close = Next();
        var table = new LuaValue
        {
            Kind = LuaValueKind.Table, Start = open.Start, Length = close.Start + 1 - open.Start,
            Text = _source[open.Start..(close.Start + 1)], CloseBrace = close.Start,
        };
        table.Fields.AddRange(fields);
        return table;
    }

    private LuaValue Scalar(LuaValueKind kind, int start, int length) =>
        new() { Kind = kind, Start = start, Length = length, Text = _source.Substring(start, length) };

    private LuaSyntaxException Error(string message, LuaToken? at = null) => new(message, _source, (at ?? Peek).Start);
}
