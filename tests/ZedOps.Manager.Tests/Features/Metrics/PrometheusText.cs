using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ZedOps.Manager.Tests.Features.Metrics;

/// <summary>A strict parser of the Prometheus text exposition format 0.0.4: every line is a HELP, a TYPE, or a sample
/// of a declared family (histogram samples as _bucket/_sum/_count with ascending le ending in +Inf, bucket counts not
/// decreasing, _count equal to the +Inf bucket), names and label names valid, label values properly escaped, values
/// numbers; anything else throws <see cref="FormatException"/> naming the line.</summary>
internal static partial class PrometheusText
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record Family(string Name, string Type, string Help, List<Sample> Samples);

    public static IReadOnlyDictionary<string, Family> Parse(string text)
    {
        var families = new Dictionary<string, Family>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNo = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNo++;
            if (line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line[7..];
                var space = rest.IndexOf(' ');
                var name = space < 0 ? rest : rest[..space];
                Require(MetricName().IsMatch(name), lineNo, line, "bad metric name in HELP");
                Require(helps.TryAdd(name, space < 0 ? "" : rest[(space + 1)..]), lineNo, line, "second HELP");
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line[7..].Split(' ');
                Require(parts.Length == 2 && MetricName().IsMatch(parts[0]), lineNo, line, "bad TYPE line");
                Require(parts[1] is "counter" or "gauge" or "histogram" or "summary" or "untyped", lineNo, line, "unknown type");
                Require(!families.ContainsKey(parts[0]), lineNo, line, "second TYPE");
                families[parts[0]] = new Family(parts[0], parts[1], helps.GetValueOrDefault(parts[0], ""), []);
            }
            else if (line.StartsWith('#'))
            {
                continue; // a comment
            }
            else
            {
                var sample = ParseSample(line, lineNo);
                var family = FamilyOf(sample.Name, families);
                Require(family is not null, lineNo, line, "sample of an undeclared family");
                family!.Samples.Add(sample);
            }
        }
        foreach (var histogram in families.Values.Where(f => f.Type == "histogram"))
        {
            CheckHistogram(histogram);
        }
        return families;
    }

    private static Family? FamilyOf(string sampleName, Dictionary<string, Family> families)
    {
        if (families.TryGetValue(sampleName, out var exact) && exact.Type is not ("histogram" or "summary"))
        {
            return exact;
        }
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal) && families.TryGetValue(sampleName[..^suffix.Length], out var f) && f.Type is "histogram" or "summary")
            {
                return suffix == "_bucket" && f.Type != "histogram" ? null : f;
            }
        }
        return null;
    }

    private static Sample ParseSample(string line, int lineNo)
    {
        var nameEnd = 0;
        while (nameEnd < line.Length && line[nameEnd] != '{' && line[nameEnd] != ' ')
        {
            nameEnd++;
        }
        var name = line[..nameEnd];
        Require(MetricName().IsMatch(name), lineNo, line, "bad metric name");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = nameEnd;
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                Require(eq > i, lineNo, line, "label without '='");
                var labelName = line[i..eq];
                Require(LabelName().IsMatch(labelName) && !labelName.StartsWith("__", StringComparison.Ordinal), lineNo, line, "bad label name");
                i = eq + 1;
                Require(i < line.Length && line[i] == '"', lineNo, line, "label value not quoted");
                i++;
                var value = new StringBuilder();
                while (true)
                {
                    Require(i < line.Length, lineNo, line, "unterminated label value");
                    var c = line[i++];
                    if (c == '"')
                    {
                        break;
                    }
                    if (c == '\\')
                    {
                        Require(i < line.Length && line[i] is '\\' or '"' or 'n', lineNo, line, "bad escape in label value");
                        value.Append(line[i++] switch { 'n' => '\n', var e => e });
                    }
                    else
                    {
                        value.Append(c);
                    }
                }
                Require(labels.TryAdd(labelName, value.ToString()), lineNo, line, "repeated label");
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
            }
            Require(i < line.Length && line[i] == '}', lineNo, line, "unterminated label set");
            i++;
        }
        Require(i < line.Length && line[i] == ' ', lineNo, line, "no space before the value");
        var fields = line[(i + 1)..].Split(' ');
        Require(fields.Length is 1 or 2, lineNo, line, "extra fields after the value");
        Require(TryValue(fields[0], out var number), lineNo, line, "value is not a number");
        Require(fields.Length == 1 || long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _), lineNo, line, "bad timestamp");
        return new Sample(name, labels, number);
    }

    private static void CheckHistogram(Family family)
    {
        var series = family.Samples.GroupBy(s => string.Join(',', s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key).Select(l => $"{l.Key}={l.Value}")));
        foreach (var one in series)
        {
            var buckets = one.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToList();
            if (!TryValue(buckets.LastOrDefault()?.Labels.GetValueOrDefault("le") ?? "", out var lastLe) || !double.IsPositiveInfinity(lastLe))
            {
                throw new FormatException($"{family.Name}{{{one.Key}}}: buckets must end with le=\"+Inf\"");
            }
            double previousLe = double.NegativeInfinity, previousCount = 0;
            foreach (var bucket in buckets)
            {
                Require(TryValue(bucket.Labels["le"], out var le) && le > previousLe && bucket.Value >= previousCount, 0, $"{family.Name}{{{one.Key}}}", "buckets not ascending");
                (previousLe, previousCount) = (le, bucket.Value);
            }
            var count = one.SingleOrDefault(s => s.Name.EndsWith("_count", StringComparison.Ordinal));
            Require(count is not null && count.Value == previousCount && one.Any(s => s.Name.EndsWith("_sum", StringComparison.Ordinal)), 0,
                $"{family.Name}{{{one.Key}}}", "_count must equal the +Inf bucket, and _sum must be there");
        }
    }

    private static bool TryValue(string text, out double value)
    {
        value = text switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, "NaN" => double.NaN, _ => 0 };
        return text is "+Inf" or "-Inf" or "NaN" || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static void Require(bool condition, int lineNo, string line, string what)
    {
        if (!condition)
        {
            throw new FormatException($"line {lineNo}: {what}: {line}");
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
