using Microsoft.Extensions.Options;

namespace ZedOps.Manager.Features.Notifications;

public sealed class NotificationsOptions
{
    public const string SectionName = "ZedOps:Notifications";

    /// <summary>Events of one kind for one subject within this window are sent once, then summarised with a count.</summary>
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxPerMinutePerChannel { get; set; } = 20;

    public int MaxAttempts { get; set; } = 6;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Disk use at or above this percentage of a host's data disk is "low"; it clears below <see cref="DiskClearPercent"/>.</summary>
    public double DiskLowPercent { get; set; } = 90;

    public double DiskClearPercent { get; set; } = 85;
}

internal sealed class ValidateNotificationsOptions : IValidateOptions<NotificationsOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationsOptions o)
    {
        var errors = new List<string>();
        if (o.DedupeWindow < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{NotificationsOptions.SectionName}:DedupeWindow must be at least 1 second");
        }
        if (o.MaxPerMinutePerChannel < 1)
        {
            errors.Add($"{NotificationsOptions.SectionName}:MaxPerMinutePerChannel must be at least 1");
        }
        if (o.MaxAttempts is < 1 or > 20)
        {
            errors.Add($"{NotificationsOptions.SectionName}:MaxAttempts must be between 1 and 20");
        }
        if (o.RetryBaseDelay <= TimeSpan.Zero || o.RetryMaxDelay < o.RetryBaseDelay)
        {
            errors.Add($"{NotificationsOptions.SectionName}:RetryBaseDelay must be positive and not above RetryMaxDelay");
        }
        if (o.DiskClearPercent > o.DiskLowPercent || o.DiskLowPercent is <= 0 or > 100)
        {
            errors.Add($"{NotificationsOptions.SectionName}:DiskLowPercent must be in (0, 100] and not below DiskClearPercent");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
