namespace ZedOps.Manager.Features.Notifications;

/// <summary>What a channel sends: one event, or the latest of <see cref="Count"/> coalesced within <see cref="Window"/>.</summary>
public sealed record NotificationMessage(NotificationEvent Event, int Count = 1, TimeSpan? Window = null, string? ServerName = null, string? AgentName = null)
{
    public string Title => Count > 1 && Window is { } w
        ? $"{Event.Title} ({Count} times in {Describe(w)})"
        : Event.Title;

    public string Text => Count > 1 && Window is { } w
        ? $"{Event.Text}\n{Count} events of this kind for the same subject in the last {Describe(w)}; this is the latest."
        : Event.Text;

    private static string Describe(TimeSpan w) => w.TotalMinutes >= 1 ? $"{w.TotalMinutes:0.#} min" : $"{w.TotalSeconds:0} s";
}
