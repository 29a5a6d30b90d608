namespace ZedOps.Manager.Features.Settings;

/// <summary>
/// A PZ <c>&lt;name&gt;.ini</c> as its lines: comments, blank lines, unknown keys, order and line endings stay as they
/// are; <see cref="Set"/> rewrites only the value part of that key's line (a missing key is appended), so an unchanged
/// document prints back byte for byte and one change gives a one-line diff.
/// </summary>
public sealed class IniDocument
{
    private readonly List<string> _lines;

    private IniDocument(List<string> lines) => _lines = lines;

    public static IniDocument Parse(string text) => new([.. text.Split('\n')]);

    /// <summary>Keys in file order (first occurrence; PZ reads the last one, duplicates are rare and kept as they are).</summary>
    public IEnumerable<string> Keys => _lines.Select(KeyOf).OfType<string>().Distinct(StringComparer.Ordinal);

    public bool Contains(string key) => Find(key) >= 0;

    /// <summary>The raw value text (after '='), or null when the key is absent.</summary>
    public string? Get(string key)
    {
        var index = Find(key);
        if (index < 0)
        {
            return null;
        }
        var line = Body(_lines[index]);
        return line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..];
    }

    public void Set(string key, string value)
    {
        if (value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{key}: an ini value is one line", nameof(value));
        }
        var index = Find(key);
        if (index >= 0)
        {
            var raw = _lines[index];
            var cr = raw.EndsWith('\r') ? "\r" : "";
            _lines[index] = raw[..(raw.IndexOf('=', StringComparison.Ordinal) + 1)] + value + cr;
            return;
        }
        // Append before the final empty element that a trailing newline leaves, with the file's line ending.
        var ending = _lines.Count > 1 && _lines[0].EndsWith('\r') ? "\r" : "";
        var at = _lines.Count > 0 && _lines[^1].Length == 0 ? _lines.Count - 1 : _lines.Count;
        if (at == _lines.Count && _lines.Count > 0 && _lines[^1].Length > 0)
        {
            _lines[^1] += ending;
            _lines.Add(key + "=" + value);
            return;
        }
        _lines.Insert(at, key + "=" + value + ending);
    }

    public override string ToString() => string.Join('\n', _lines);

    private int Find(string key) => _lines.FindIndex(l => KeyOf(l) == key);

    private static string Body(string line) => line.EndsWith('\r') ? line[..^1] : line;

    private static string? KeyOf(string line)
    {
        var body = Body(line).TrimStart();
        if (body.StartsWith('#') || body.StartsWith(';'))
        {
            return null;
        }
        var eq = body.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 ? body[..eq].Trim() : null;
    }
}
