using MudBlazor;
using MudBlazor.Charts;

namespace ZedOps.Manager.Features.Metrics.Pages;

/// <summary>Turns query points into MudBlazor chart series (UTC times; memory in MiB, rates in KiB/s).</summary>
internal static class MetricSeriesBuilder
{
    public const double MiB = 1024 * 1024;
    public const double KiB = 1024;

    public static ChartSeries<double> Line<T>(string name, IEnumerable<T> points, Func<T, DateTimeOffset> at, Func<T, double> value, string unit) => new()
    {
        Name = name,
        Data = points.Select(p => new TimeValue<double>(at(p).UtcDateTime, Math.Round(value(p), 2))).ToArray(),
        TooltipYValueFormat = "0.##",
        TooltipSubtitleFormat = $"{{{{Y_VALUE}}}} {unit}",
    };
}
