using System.Globalization;
using System.Text;

namespace ZedOps.PzSim.World;

/// <summary>
/// Server/&lt;name&gt;.ini: created with the defaults on first boot, patched from the environment on every boot,
/// changed live by <c>changeoption</c> (which rewrites the file, as PZ does) and re-read by <c>reloadoptions</c>.
/// Keys the simulator does not know (a newer build's, a mod's) are kept. Values are held in invariant form; the file
/// is written in the real server's shape (<see cref="IniStyle"/>): a comment above each key, a blank line after it,
/// decimals in the host locale's form.
/// </summary>
internal sealed class ServerOptions
{
    private readonly string _path;
    private readonly IniStyle _style;
    private readonly OrderedDictionary<string, string> _values = new(StringComparer.Ordinal);
    private static readonly HashSet<string> s_decimalKeys = ServerOptionDefaults.All
        .Where(o => o.Value.Contains('.', StringComparison.Ordinal) && double.TryParse(o.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        .Select(o => o.Key).ToHashSet(StringComparer.Ordinal);

    private ServerOptions(string path, IniStyle style) => (_path, _style) = (path, style);

    public IEnumerable<KeyValuePair<string, string>> All => _values;

    public string this[string key] => _values.TryGetValue(key, out var v) ? v : "";

    public int GetInt(string key) => int.TryParse(this[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    public bool GetBool(string key) => this[key].Equals("true", StringComparison.OrdinalIgnoreCase);

    public static ServerOptions LoadOrCreate(string path, IReadOnlyDictionary<string, string> overrides, Random random, IniStyle? style = null)
    {
        var options = new ServerOptions(path, style ?? IniStyle.B41);
        var existed = File.Exists(path);
        foreach (var (key, value) in ServerOptionDefaults.All)
        {
            options._values[key] = value;
        }
        if (existed)
        {
            options.ReadFile();
        }
        else
        {
            options._values["ResetID"] = random.Next(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
            options._values["ServerPlayerID"] = random.Next(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in overrides)
        {
            options._values[key] = key == "Mods" && options._style.BackslashMods ? Backslashed(value) : value;
        }
        options.Save();
        return options;
    }

    /// <summary>Re-reads the file (the <c>reloadoptions</c> command), so hand edits take effect without a restart.</summary>
    public void Reload() => ReadFile();

    /// <summary>The <c>changeoption</c> command; the reply strings are the real server's.</summary>
    public string Change(string key, string value)
    {
        if (!_values.TryGetValue(key, out var current))
        {
            return $"Option : {key} doesn't exist";
        }
        if (Normalise(current, value) is { } accepted)
        {
            _values[key] = accepted;
            Save();
        }
        return $"Option : {key} is now : {_values[key]}";
    }

    public void Save()
    {
        var text = new StringBuilder();
        foreach (var (key, value) in _values)
        {
            // PZ writes the option's translated tooltip above it; the simulator holds no translation table and writes
            // the key's name instead: the real file's shape (comment, key, blank line), not its comment texts.
            text.Append("# ").Append(key).Append('\n');
            text.Append(key).Append('=').Append(ToFile(key, value)).Append("\n\n");
        }
        var temp = _path + ".tmp";
        File.WriteAllText(temp, text.ToString(), new UTF8Encoding(false));
        File.Move(temp, _path, overwrite: true);
    }

    private void ReadFile()
    {
        foreach (var line in File.ReadAllLines(_path))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || eq <= 0)
            {
                continue;
            }
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..];
            _values[key] = s_decimalKeys.Contains(key) ? value.Replace(',', '.') : value;
        }
    }

    private string ToFile(string key, string value) =>
        _style.DecimalComma && s_decimalKeys.Contains(key) ? value.Replace('.', ',') : value;

    /// <summary>B42's form of the mod list: <c>\ModA;\ModB</c> (PZ.md); the image's plain list is converted.</summary>
    private static string Backslashed(string mods) =>
        string.Join(';', mods.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(m => m.StartsWith('\\') ? m : "\\" + m));

    /// <summary>The option's type follows its current value, as PZ's typed options do; a bad value is ignored.</summary>
    private static string? Normalise(string current, string value)
    {
        if (bool.TryParse(current, out _))
        {
            return bool.TryParse(value, out var b) ? (b ? "true" : "false") : null;
        }
        if (long.TryParse(current, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i.ToString(CultureInfo.InvariantCulture) : null;
        }
        if (current.Contains('.', StringComparison.Ordinal) && double.TryParse(current, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString("0.0##", CultureInfo.InvariantCulture) : null;
        }
        return value;
    }
}

/// <summary>How the file is written: <see cref="DecimalComma"/> as on a host whose locale writes <c>0,5</c>
/// (<c>SIM_DECIMAL_COMMA=true</c>), <see cref="BackslashMods"/> for B42's <c>Mods=\ModId</c> form.</summary>
internal sealed record IniStyle(bool DecimalComma, bool BackslashMods)
{
    public static readonly IniStyle B41 = new(false, false);
}
