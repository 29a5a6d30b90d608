using System.Text;
using Docker.DotNet.Models;
using ZedOps.Protocol.Containers;
using PortBinding = ZedOps.Protocol.Containers.PortBinding;

namespace ZedOps.Agent.Docker;

/// <summary>Docker.DotNet models to <see cref="ContainerSummary"/>.</summary>
internal static class ContainerMapping
{
    public static ContainerSummary FromList(ContainerListResponse c)
    {
        var labels = CopyLabels(c.Labels);
        var name = c.Names?.FirstOrDefault() is { } first ? first.TrimStart('/') : ShortId(c.ID);
        var ports = c.Ports?
            .Select(p => new PortBinding(p.PrivatePort, p.Type ?? "tcp", NullIfEmpty(p.IP), p.PublicPort))
            .ToList() ?? [];
        return new ContainerSummary(c.ID, name, c.Image ?? "", c.State ?? "", c.Status ?? "", ToUtc(c.Created),
            StartedAt: null, FinishedAt: null, ExitCode: null, IsManaged(labels), labels, ports);
    }

    public static ContainerSummary FromInspect(ContainerInspectResponse c, DateTimeOffset now)
    {
        var labels = CopyLabels(c.Config?.Labels);
        var state = c.State?.Status ?? "";
        var startedAt = ParseTime(c.State?.StartedAt);
        var finishedAt = ParseTime(c.State?.FinishedAt);
        int? exitCode = state is ContainerStates.Exited or ContainerStates.Dead ? (int)(c.State?.ExitCode ?? 0) : null;
        return new ContainerSummary(c.ID, (c.Name ?? "").TrimStart('/'), c.Config?.Image ?? c.Image ?? "", state,
            StatusText(state, startedAt, finishedAt, exitCode, now), ToUtc(c.Created), startedAt, finishedAt, exitCode,
            IsManaged(labels), labels, InspectPorts(c));
    }

    /// <summary>Docker's zero time (0001-01-01T00:00:00Z) means "never".</summary>
    public static DateTimeOffset? ParseTime(string? value)
    {
        if (string.IsNullOrEmpty(value) || !DockerTimestamp.TryParse(Encoding.UTF8.GetBytes(value), out var at) || at.Year <= 1)
        {
            return null;
        }
        return at;
    }

    /// <summary>The human text <c>docker ps</c> shows ("Up 5 minutes", "Exited (0) 2 hours ago"), which inspect lacks.</summary>
    public static string StatusText(string state, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, int? exitCode, DateTimeOffset now) => state switch
    {
        ContainerStates.Running when startedAt is { } s => $"Up {HumanDuration(now - s)}",
        ContainerStates.Paused when startedAt is { } s => $"Up {HumanDuration(now - s)} (Paused)",
        ContainerStates.Restarting when finishedAt is { } f => $"Restarting ({exitCode ?? 0}) {HumanDuration(now - f)} ago",
        ContainerStates.Exited when finishedAt is { } f => $"Exited ({exitCode ?? 0}) {HumanDuration(now - f)} ago",
        ContainerStates.Exited => $"Exited ({exitCode ?? 0})",
        ContainerStates.Created => "Created",
        ContainerStates.Removing => "Removal In Progress",
        ContainerStates.Dead => "Dead",
        _ => state,
    };

    /// <summary>Docker's go-units HumanDuration.</summary>
    public static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        return seconds switch
        {
            < 1 => "Less than a second",
            1 => "1 second",
            < 60 => $"{seconds} seconds",
            _ when d.TotalMinutes < 2 => "About a minute",
            _ when d.TotalMinutes < 46 => $"{(long)d.TotalMinutes} minutes",
            _ when d.TotalHours < 1.5 => "About an hour",
            _ when d.TotalHours < 48 => $"{(long)d.TotalHours} hours",
            _ when d.TotalHours < 24 * 7 * 2 => $"{(long)(d.TotalHours / 24)} days",
            _ when d.TotalHours < 24 * 30 * 2 => $"{(long)(d.TotalHours / 24 / 7)} weeks",
            _ when d.TotalHours < 24 * 365 * 2 => $"{(long)(d.TotalHours / 24 / 30)} months",
            _ => $"{(long)(d.TotalHours / 24 / 365)} years",
        };
    }

    private static List<PortBinding> InspectPorts(ContainerInspectResponse c)
    {
        var ports = new List<PortBinding>();
        foreach (var (key, bindings) in c.NetworkSettings?.Ports ?? new Dictionary<string, IList<global::Docker.DotNet.Models.PortBinding>>())
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            if (!int.TryParse(slash < 0 ? key : key[..slash], out var containerPort))
            {
                continue;
            }
            var protocol = slash < 0 ? "tcp" : key[(slash + 1)..];
            if (bindings is null || bindings.Count == 0)
            {
                ports.Add(new PortBinding(containerPort, protocol, null, null));
                continue;
            }
            foreach (var b in bindings)
            {
                ports.Add(new PortBinding(containerPort, protocol, NullIfEmpty(b.HostIP), int.TryParse(b.HostPort, out var hp) ? hp : null));
            }
        }
        return ports;
    }

    private static Dictionary<string, string> CopyLabels(IDictionary<string, string>? labels) =>
        labels is null ? [] : new Dictionary<string, string>(labels, StringComparer.Ordinal);

    private static bool IsManaged(Dictionary<string, string> labels) =>
        labels.TryGetValue(ContainerLabels.Managed, out var v) && v == "true";

    private static DateTimeOffset ToUtc(DateTime created) => created.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(created.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc), TimeSpan.Zero),
    };

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static string ShortId(string id) => id.Length > 12 ? id[..12] : id;
}
