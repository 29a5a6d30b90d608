namespace ZedOps.Manager.Features.Settings;

public enum LuaTokenKind { Name, Number, Text, Symbol, End }

/// <summary>A token with its place in the source; <see cref="Comments"/> are the comments between it and the token before.</summary>
public sealed record LuaToken(LuaTokenKind Kind, string Text, int Start, int Length, IReadOnlyList<string> Comments);

/// <summary>A Lua lexer for data files: names, numbers (decimal, hex, exponents), short and long strings, line and
/// block comments. Whitespace and comments are skipped but never lost: tokens keep their offsets into the source.</summary>
public static class LuaTokenizer
{
    public static List<LuaToken> Tokenize(string source)
    {
        var tokens = new List<LuaToken>();
        var comments = new List<string>();
        var i = 0;
        while (true)
        {
            while (i < source.Length && (char.IsWhiteSpace(source[i]) || source[i] == '\uFEFF'))
            {
                i++;
            }
            if (i >= source.Length)
            {
                tokens.Add(new(LuaTokenKind.End, "", source.Length, 0, comments));
                return tokens;
            }
            var start = i;
            var c = source[i];
            if (c == '-' && At(source, i + 1) == '-')
            {
                i += 2;
                var level = LongBracketLevel(source, i);
                var end = level >= 0 ? CloseLongBracket(source, i, level) : IndexOrEnd(source, '\n', i);
                comments.Add(source[start..end].TrimEnd('\r'));
                i = end;
                continue;
            }
            LuaTokenKind kind;
            if (char.IsLetter(c) || c == '_')
            {
                while (i < source.Length && (char.IsLetterOrDigit(source[i]) || source[i] == '_'))
                {
                    i++;
                }
                kind = LuaTokenKind.Name;
            }
            else if (char.IsDigit(c) || (c == '.' && char.IsDigit(At(source, i + 1))))
            {
                i = NumberEnd(source, i);
                kind = LuaTokenKind.Number;
            }
            else if (c is '"' or '\'')
            {
                i = QuotedEnd(source, i);
                kind = LuaTokenKind.Text;
            }
            else if (c == '[' && LongBracketLevel(source, i) is var level and >= 0)
            {
                i = CloseLongBracket(source, i, level);
                kind = LuaTokenKind.Text;
            }
            else if ("{}[]=,;-.".Contains(c, StringComparison.Ordinal))
            {
                i++;
                kind = LuaTokenKind.Symbol;
            }
            else
            {
                throw new LuaSyntaxException($"unexpected character '{c}'", source, i);
            }
            tokens.Add(new(kind, source[start..i], start, i - start, comments));
            comments = [];
        }
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static int IndexOrEnd(string s, char c, int from) => s.IndexOf(c, from) is var at and >= 0 ? at : s.Length;

    private static int NumberEnd(string s, int i)
    {
        var hex = s[i] == '0' && (At(s, i + 1) is 'x' or 'X');
        i += hex ? 2 : 0;
        while (i < s.Length)
        {
            var c = s[i];
            var exponentSign = (c is '+' or '-') && (hex ? At(s, i - 1) is 'p' or 'P' : At(s, i - 1) is 'e' or 'E');
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || exponentSign))
            {
                break;
            }
            i++;
        }
        return i;
    }

    private static int QuotedEnd(string s, int i)
    {
        var quote = s[i++];
        while (i < s.Length && s[i] != quote)
        {
            if (s[i] == '\n')
            {
                throw new LuaSyntaxException("unfinished string", s, i);
            }
            i += s[i] == '\\' ? 2 : 1;
        }
        if (i >= s.Length)
        {
            throw new LuaSyntaxException("unfinished string", s, i);
        }
        return i + 1;
    }

    /// <summary>For "[[", "[==[" at <paramref name="i"/>: the number of '='; otherwise -1.</summary>
    private static int LongBracketLevel(string s, int i)
    {
        if (At(s, i) != '[')
        {
            return -1;
        }
        var j = i + 1;
        while (At(s, j) == '=')
        {
            j++;
        }
        return At(s, j) == '[' ? j - i - 1 : -1;
    }

    private static int CloseLongBracket(string s, int i, int level)
    {
        var close = "]" + new string('=', level) + "]";
        var at = s.IndexOf(close, i, StringComparison.Ordinal);
        return at < 0 ? throw new LuaSyntaxException("unfinished long bracket", s, i) : at + close.Length;
    }
}

public sealed class LuaSyntaxException(string message, string source, int offset)
    : Exception($"{message} at line {source[..Math.Min(offset, source.Length)].Count(c => c == '\n') + 1}");
