namespace ZedOps.Manager.Components.Shared;

public static class Format
{
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return $"{value:0.#} {units[unit]}";
    }

    public static string Ago(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is null)
        {
            return "never";
        }
        var span = now - at.Value;
        return span.TotalSeconds < 5 ? "just now"
            : span.TotalMinutes < 1 ? $"{span.TotalSeconds:0} s ago"
            : span.TotalHours < 1 ? $"{span.TotalMinutes:0} min ago"
            : span.TotalDays < 1 ? $"{span.TotalHours:0} h ago"
            : $"{span.TotalDays:0} d ago";
    }

    public static double Percent(long used, long total) => total <= 0 ? 0 : Math.Round(100.0 * used / total, 1);
}
