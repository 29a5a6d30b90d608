using Microsoft.Extensions.Options;

namespace ZedOps.Manager.Features.Players;

/// <summary>
/// How players are watched. The rule for pausing: with <see cref="KeepHistory"/> (the default) every running server is
/// watched, because the session history needs every join and leave. With it off, a server is watched only while
/// someone has its Players tab open (or the dashboard's counts); otherwise its agent stops polling when the lease ends.
/// </summary>
public sealed class PlayersOptions
{
    public const string SectionName = "ZedOps:Players";

    /// <summary>How often the agent sends <c>players</c> over RCON (joins and leaves also come from console lines at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    public bool KeepHistory { get; set; } = true;

    /// <summary>The agent stops watching this long after the last renewal; the manager renews every third of it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan RenewEvery => Lease / 3;
}

internal sealed class ValidatePlayersOptions : IValidateOptions<PlayersOptions>
{
    public ValidateOptionsResult Validate(string? name, PlayersOptions options)
    {
        var errors = new List<string>();
        if (options.PollInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{PlayersOptions.SectionName}:PollInterval must be at least 1 second");
        }
        if (options.Lease < options.PollInterval || options.Lease < TimeSpan.FromSeconds(3))
        {
            errors.Add($"{PlayersOptions.SectionName}:Lease must be at least 3 seconds and not below PollInterval");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
