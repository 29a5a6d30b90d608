using System.Globalization;

namespace ZedOps.Manager.Features.Settings;

/// <summary>
/// Reading and writing option values as PZ writes them. The server writes decimals in the host's locale (<c>0,5</c> on
/// a German host), so a value is read with either separator and written in the form the file already uses for that key.
/// </summary>
public static class OptionValues
{
    /// <summary>Null when <paramref name="value"/> is acceptable for <paramref name="option"/>, else why not (the key named).</summary>
    public static string? Problem(ServerOption option, string value)
    {
        if (value.Any(c => c is '\n' or '\r' or '\0'))
        {
            return $"{option.Key}: the value must be one line.";
        }
        switch (option.Type)
        {
            case OptionType.Toggle when !IsBool(value):
                return $"{option.Key}: '{value}' is not true or false.";
            case OptionType.Choice when option.Choices is { } choices && !choices.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase):
                return $"{option.Key}: '{value}' is not one of {string.Join(", ", choices)}.";
            case OptionType.Whole:
                if (!long.TryParse(value.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
                {
                    return $"{option.Key}: '{value}' is not a whole number.";
                }
                return RangeProblem(option, i);
            case OptionType.Number:
                return TryDouble(value, out var d) ? RangeProblem(option, d) : $"{option.Key}: '{value}' is not a number.";
        }
        return null;
    }

    private static string? RangeProblem(ServerOption option, double value) =>
        (option.Min is { } min && value < min) || (option.Max is { } max && value > max)
            ? $"{option.Key}: {value.ToString(CultureInfo.InvariantCulture)} is outside {Format(option.Min)}..{Format(option.Max)}."
            : null;

    private static string Format(double? bound) => bound switch
    {
        null => "",
        >= int.MaxValue => "2147483647",
        { } b => b.ToString(CultureInfo.InvariantCulture),
    };

    public static bool IsBool(string value) => value.Trim() is var v && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v.Equals("false", StringComparison.OrdinalIgnoreCase));

    /// <summary>"0.5" and "0,5" alike (a thousands separator never appears in PZ's ini).</summary>
    public static bool TryDouble(string value, out double result) =>
        double.TryParse(value.Trim().Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out result);

    /// <summary>The text to write: booleans lower-case, decimals with the separator and at least the fraction digits
    /// the file's current value has (so <c>0,00</c> + 1.5 gives <c>1,50</c>), everything else as given.</summary>
    public static string ToFileForm(ServerOption? option, string value, string? current)
    {
        var trimmed = value.Trim();
        switch (option?.Type)
        {
            case OptionType.Toggle:
                return trimmed.ToLowerInvariant();
            case OptionType.Whole:
                return long.Parse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
            case OptionType.Number when TryDouble(trimmed, out var d):
                var comma = current is not null && current.Contains(',', StringComparison.Ordinal) && !current.Contains('.', StringComparison.Ordinal);
                var digits = current is null ? 1 : Math.Max(1, FractionDigits(current));
                var text = d.ToString("0." + new string('0', digits) + "####", CultureInfo.InvariantCulture);
                return comma ? text.Replace('.', ',') : text;
            default:
                return value;
        }
    }

    /// <summary>Same value? Decimals compare as numbers (0,50 = 0.5), booleans without case.</summary>
    public static bool SameValue(ServerOption? option, string a, string b) => option?.Type switch
    {
        OptionType.Number when TryDouble(a, out var x) && TryDouble(b, out var y) => x == y,
        OptionType.Toggle or OptionType.Choice => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase),
        OptionType.Whole => a.Trim() == b.Trim(),
        _ => a == b,
    };

    private static int FractionDigits(string value)
    {
        var at = value.Trim().LastIndexOfAny(['.', ',']);
        return at < 0 ? 0 : value.Trim().Length - at - 1;
    }
}
