using System.Text.Json;

namespace ZedOps.Protocol;

/// <summary>One frame on the wire. A request carries <see cref="Reply"/>; its answer is sent to that inbox subject.</summary>
public sealed record Envelope
{
    public required string Subject { get; init; }
    public string? Reply { get; init; }
    public JsonElement? Data { get; init; }
    public ProtocolError? Error { get; init; }

    public bool IsReply => Subject.StartsWith(Subjects.InboxPrefix, StringComparison.Ordinal);
}

public sealed record ProtocolError(string Code, string Message);
