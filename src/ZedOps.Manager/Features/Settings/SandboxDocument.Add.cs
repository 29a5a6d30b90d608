namespace ZedOps.Manager.Features.Settings;

public sealed partial class SandboxDocument
{
    public bool Contains(string path) => _entries.ContainsKey(path);

    /// <summary>Adds an entry the file lacks (a catalogued option the game did not write, e.g. one of a newer build) in
    /// the file's style: a new line after the last entry of its table, indented like its siblings, with a trailing comma
    /// and the file's line ending; a missing group table is appended to the root. Everything else stays byte for byte.</summary>
    public string? Add(string path, string literal)
    {
        if (_entries.ContainsKey(path))
        {
            return $"{path}: already in the file.";
        }
        var dot = path.LastIndexOf('.');
        var (group, key) = dot < 0 ? ("", path) : (path[..dot], path[(dot + 1)..]);
        var newline = _source.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        if (_tables.TryGetValue(group, out var table))
        {
            Insert(table, indent => $"{indent}{key} = {literal},{newline}", newline);
            return null;
        }
        if (group.Contains('.', StringComparison.Ordinal) || !_tables.TryGetValue("", out var root))
        {
            return $"{path}: its table {group} is not in the file.";
        }
        if (!_newGroups.TryGetValue(group, out var lines))
        {
            // The group's text is put together in ToString, so a second entry of the same new group joins the same table.
            lines = _newGroups[group] = [];
            Insert(root, indent => { _newGroupIndent[group] = (indent, newline); return ""; }, newline, group);
        }
        lines.Add($"{key} = {literal},");
        return null;
    }

    private readonly Dictionary<string, List<string>> _newGroups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Indent, string Newline)> _newGroupIndent = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<string>> _newGroupsAt = [];

    /// <summary>The text of the group tables <see cref="Add"/> created, by insertion offset.</summary>
    private IEnumerable<(int At, string Text)> NewGroupTexts() => _newGroupsAt.Select(e => (e.Key, string.Concat(e.Value.Select(group =>
    {
        var (indent, newline) = _newGroupIndent[group];
        var inner = indent + Step(indent);
        return $"{indent}{group} = {{{newline}{string.Concat(_newGroups[group].Select(l => inner + l + newline))}{indent}}},{newline}";
    }))));

    /// <summary>Inserts a line after the last field of <paramref name="table"/> (or before its closing brace when empty).</summary>
    private void Insert(LuaValue table, Func<string, string> line, string newline, string? newGroup = null)
    {
        int at;
        string indent;
        if (table.Fields.LastOrDefault() is { } last)
        {
            indent = IndentOf(last.Start);
            var end = last.Value.Start + last.Value.Length;
            var after = end;
            while (after < _source.Length && _source[after] is ' ' or '\t')
            {
                after++;
            }
            if (after >= _source.Length || _source[after] is not (',' or ';'))
            {
                AddText(end, ",");
            }
            var eol = _source.IndexOf('\n', end);
            at = eol < 0 ? _source.Length : eol + 1;
            if (eol < 0)
            {
                AddText(at, newline);
            }
        }
        else
        {
            var closeIndent = IndentOf(table.CloseBrace);
            indent = closeIndent + Step(closeIndent);
            at = _source.LastIndexOf('\n', table.CloseBrace) + 1;
        }
        var text = line(indent);
        if (newGroup is not null)
        {
            (_newGroupsAt.TryGetValue(at, out var groups) ? groups : _newGroupsAt[at] = []).Add(newGroup);
        }
        AddText(at, text);
    }

    private void AddText(int at, string text) =>
        _edits[at] = _edits.TryGetValue(at, out var existing) && existing.Length == 0 ? (0, existing.Text + text) : (0, text);

    /// <summary>The whitespace before <paramref name="offset"/> on its line.</summary>
    private string IndentOf(int offset)
    {
        var lineStart = _source.LastIndexOf('\n', Math.Max(0, offset - 1)) + 1;
        var indent = _source[lineStart..offset];
        return indent.All(c => c is ' ' or '\t') ? indent : "";
    }

    private static string Step(string indent) => indent.StartsWith('\t') ? "\t" : "    ";
}
