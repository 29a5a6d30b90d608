using ZedOps.Protocol.Agents;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Rcon;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Features.Agents;

/// <summary>
/// What an agent can make the manager keep, in one place: every event is cut to these sizes before any feature sees
/// it, so a faulty or hostile agent cannot grow manager memory (a frame is at most 1 MB, but the manager keeps the
/// last 50 progress lines per server, console backlogs, player lists and container tables).
/// </summary>
internal static class AgentInputLimits
{
    public const int MaxShortText = 256;
    public const int MaxProgressText = 2_000;
    public const int MaxConsoleLine = 8 * 1024;
    public const int MaxLinesPerBatch = 2_000;
    public const int MaxCrashLines = 50;
    public const int MaxPlayers = 1_000;
    public const int MaxPlayerName = 64;
    public const int MaxLabels = 64;
    public const int MaxContainersPerAgent = 2_000;

    public static object Bound(object message) => message switch
    {
        ServerProgress p => p with { Step = Cut(p.Step, MaxShortText), Message = Cut(p.Message, MaxProgressText) },
        ServerReady r => r with { Name = Cut(r.Name, MaxShortText) },
        ServerCrashed c => c with
        {
            Name = Cut(c.Name, MaxShortText), Outcome = Cut(c.Outcome, MaxShortText),
            LastLines = [.. c.LastLines.TakeLast(MaxCrashLines).Select(l => l with { Stream = Cut(l.Stream, MaxShortText), Text = Cut(l.Text, MaxConsoleLine) })],
        },
        Protocol.Backups.BackupProgressed b => b with { Phase = Cut(b.Phase, MaxShortText) },
        PlayersReported p => p with { Online = [.. p.Online.Take(MaxPlayers).Select(n => Cut(n, MaxPlayerName))], Source = Cut(p.Source, MaxShortText) },
        LogLinesAppended b => b with
        {
            Lines = [.. b.Lines.TakeLast(MaxLinesPerBatch).Select(l => l with { Stream = Cut(l.Stream, MaxShortText), Text = Cut(l.Text, MaxConsoleLine) })],
            Skipped = b.Skipped + Math.Max(0, b.Lines.Count - MaxLinesPerBatch),
        },
        ContainerStateChanged c => c with
        {
            Id = Cut(c.Id, MaxShortText), Name = Cut(c.Name, MaxShortText), Action = Cut(c.Action, MaxShortText), State = Cut(c.State, MaxShortText),
            Container = c.Container is { } s ? Bound(s) : null,
        },
        Hello h => h with
        {
            SoftwareVersion = Cut(h.SoftwareVersion, MaxShortText), Capabilities = [.. h.Capabilities.Take(MaxLabels).Select(x => Cut(x, MaxShortText))],
            Host = h.Host is { } host ? Bound(host) : null, Docker = h.Docker is { } d ? Bound(d) : null,
        },
        Heartbeat hb => hb with { Docker = Bound(hb.Docker) },
        _ => message,
    };

    public static ContainerSummary Bound(ContainerSummary c) => c with
    {
        Id = Cut(c.Id, MaxShortText), Name = Cut(c.Name, MaxShortText), Image = Cut(c.Image, MaxShortText * 2),
        State = Cut(c.State, MaxShortText), Status = Cut(c.Status, MaxShortText),
        Labels = c.Labels.Take(MaxLabels).ToDictionary(l => Cut(l.Key, MaxShortText), l => Cut(l.Value, MaxShortText * 4)),
        Ports = [.. c.Ports.Take(MaxLabels)],
    };

    private static HostInfo Bound(HostInfo h) => h with
    {
        Hostname = Cut(h.Hostname, MaxShortText), Os = Cut(h.Os, MaxShortText), Kernel = Cut(h.Kernel, MaxShortText),
        Architecture = Cut(h.Architecture, MaxShortText), AgentVersion = Cut(h.AgentVersion, MaxShortText), DataRoot = Cut(h.DataRoot, MaxShortText * 4),
        BuildSha256 = h.BuildSha256 is { Length: 64 } sha && sha.All(char.IsAsciiHexDigitLower) ? sha : null,
    };

    private static DockerStatus Bound(DockerStatus d) => d with { Version = CutOrNull(d.Version, MaxShortText), Error = CutOrNull(d.Error, MaxProgressText) };

    private static string Cut(string? text, int max) => text is null ? "" : text.Length <= max ? text : text[..max] + "…";

    private static string? CutOrNull(string? text, int max) => text is null ? null : Cut(text, max);
}
