using System.Globalization;
using System.Text;
using ZedOps.PzFacts;

namespace ZedOps.PzSim.World;

/// <summary>
/// Server/&lt;name&gt;.ini: created with the defaults on first boot, patched from the environment on every boot,
/// changed live by <c>changeoption</c> (which rewrites the file, as PZ does) and re-read by <c>reloadoptions</c>.
/// Keys the simulator does not know (another build's, a mod's) are kept. Values are held in invariant form; the file
/// is written in the real server's shape (<c>zombie/config/ConfigFile.write</c>, both builds; sources in
/// <see cref="IniFacts"/>): the option set of the build (<see cref="IniStyle"/>) in the server's order, each option's
/// tooltip as <c>#</c> comment lines above it (our own short description, then for whole and decimal options the game's
/// <c># Minimum=1 Maximum=100 Default=32</c> line, decimals as <c>%.02f</c>), a blank line between options and no newline
/// after the last; decimals in the host locale's form.
/// </summary>
internal sealed class ServerOptions
{
    private readonly string _path;
    private readonly IniStyle _style;
    private readonly OrderedDictionary<string, string> _values = new(StringComparer.Ordinal);
    private static readonly HashSet<string> s_decimalKeys = IniFacts.For(GameBuild.B41).Concat(IniFacts.For(GameBuild.B42))
        .Where(f => f.Kind == FactKind.Number).Select(f => f.Key).ToHashSet(StringComparer.Ordinal);

    private ServerOptions(string path, IniStyle style) => (_path, _style) = (path, style);

    public IEnumerable<KeyValuePair<string, string>> All => _values;

    public string this[string key] => _values.TryGetValue(key, out var v) ? v : "";

    public int GetInt(string key) => int.TryParse(this[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    public bool GetBool(string key) => this[key].Equals("true", StringComparison.OrdinalIgnoreCase);

    public static ServerOptions LoadOrCreate(string path, IReadOnlyDictionary<string, string> overrides, Random random, IniStyle? style = null)
    {
        var options = new ServerOptions(path, style ?? IniStyle.B41);
        var existed = File.Exists(path);
        foreach (var fact in IniFacts.For(options._style.Build))
        {
            options._values[fact.Key] = fact.Default;
        }
        if (existed)
        {
            options.ReadFile();
        }
        else
        {
            // Drawn at random on first boot, as the real server does (ResetID < 10^9; Seed is B42's).
            options._values["ResetID"] = random.Next(1, 1_000_000_000).ToString(CultureInfo.InvariantCulture);
            options._values["ServerPlayerID"] = random.Next(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
            if (options._style.Build == GameBuild.B42)
            {
                options._values["Seed"] = random.Next(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
            }
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
            if (text.Length > 0)
            {
                text.Append("\n\n");
            }
            if (IniFacts.Find(_style.Build, key) is { } fact)
            {
                text.Append("# ").Append(fact.Description).Append('\n');
                if (RangeLine(fact) is { } range)
                {
                    text.Append("# ").Append(range).Append('\n');
                }
            }
            text.Append(key).Append('=').Append(ToFile(key, value));
        }
        var temp = _path + ".tmp";
        File.WriteAllText(temp, text.ToString(), new UTF8Encoding(false));
        File.Move(temp, _path, overwrite: true);
    }

    /// <summary>The game's "Sandbox_MinMaxDefault" tooltip line: integers as they are, decimals as Java's <c>%.02f</c>
    /// (in the host locale, hence <c>0,00</c> on a comma host).</summary>
    private string? RangeLine(IniFact fact)
    {
        string Format(double value) => fact.Kind == FactKind.Whole
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : ToFile(fact.Key, value.ToString("0.00", CultureInfo.InvariantCulture));
        return fact.Kind is FactKind.Whole or FactKind.Number && fact.Min is { } min && fact.Max is { } max && !fact.Generated
            ? $"Minimum={Format(min)} Maximum={Format(max)} Default={Format(double.Parse(fact.Default, CultureInfo.InvariantCulture))}"
            : null;
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
/// (<c>SIM_DECIMAL_COMMA=true</c>), <see cref="B42"/> for B42's option set and its <c>Mods=\ModId</c> form.</summary>
internal sealed record IniStyle(bool DecimalComma, bool B42)
{
    public static readonly IniStyle B41 = new(false, false);

    public GameBuild Build => B42 ? GameBuild.B42 : GameBuild.B41;

    public bool BackslashMods => B42;
}
