using System.Globalization;
using System.Text;

namespace ZedOps.Agent.Docker;

/// <summary>Docker's log and event times. Logs carry RFC3339Nano (Docker writes the fixed form
/// <c>2006-01-02T15:04:05.000000000Z</c>); parsed by hand because it runs once per log line and .NET has no
/// format for nine fraction digits.</summary>
internal static class DockerTimestamp
{
    public static bool TryParse(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
        {
            return TryParseSlow(s, out value);
        }
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var i = 19;
        long fractionTicks = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            var digits = 0;
            while (i < s.Length && IsDigit(s[i]))
            {
                if (digits < 7)
                {
                    fractionTicks = (fractionTicks * 10) + (s[i] - '0');
                    digits++;
                }
                i++;
            }
            if (digits == 0)
            {
                return false;
            }
            for (; digits < 7; digits++)
            {
                fractionTicks *= 10;
            }
        }
        if (!TryParseOffset(s[i..], out var offset))
        {
            return false;
        }
        var ticks = new DateTime(year, month, day, hour, minute, second).Ticks + fractionTicks;
        value = new DateTimeOffset(ticks, offset).ToUniversalTime();
        return true;
    }

    /// <summary>Docker's <c>since</c> query value: unix seconds with a nanosecond fraction.</summary>
    public static string ToUnixSeconds(DateTimeOffset at)
    {
        var ticks = at.UtcTicks - DateTimeOffset.UnixEpoch.Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{remainder * 100:D9}");
    }

    public static DateTimeOffset FromUnixNanoseconds(long nanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100);

    private static bool TryParseOffset(ReadOnlySpan<byte> s, out TimeSpan offset)
    {
        offset = TimeSpan.Zero;
        if (s.Length == 1 && (s[0] == 'Z' || s[0] == 'z'))
        {
            return true;
        }
        if (s.Length != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':'
            || !Digits(s, 1, 2, out var hours) || !Digits(s, 4, 2, out var minutes) || hours > 14 || minutes > 59)
        {
            return false;
        }
        offset = new TimeSpan(hours, minutes, 0);
        if (s[0] == '-')
        {
            offset = -offset;
        }
        return true;
    }

    private static bool TryParseSlow(ReadOnlySpan<byte> s, out DateTimeOffset value)
    {
        value = default;
        return s.Length <= 64
            && DateTimeOffset.TryParse(Encoding.UTF8.GetString(s), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!IsDigit(s[i]))
            {
                return false;
            }
            value = (value * 10) + (s[i] - '0');
        }
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';
}
