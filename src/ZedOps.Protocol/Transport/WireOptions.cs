namespace ZedOps.Protocol.Transport;

public sealed record WireOptions
{
    public const int DefaultMaxFrameBytes = 1024 * 1024;

    /// <summary>A received frame larger than this closes the socket with a policy violation.</summary>
    public int MaxFrameBytes { get; init; } = DefaultMaxFrameBytes;

    /// <summary>Outgoing frames waiting for the writer; senders wait when it is full (commands are never dropped).</summary>
    public int SendQueueCapacity { get; init; } = 1024;

    /// <summary>Requests from the peer being answered at once; more get a typed <c>busy</c> error straight away.</summary>
    public int MaxConcurrentRequests { get; init; } = 1024;

    /// <summary>How long a close handshake may take before the socket is aborted.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
