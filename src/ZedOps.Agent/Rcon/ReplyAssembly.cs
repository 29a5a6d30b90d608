namespace ZedOps.Agent.Rcon;

/// <summary>What the exchange does after a packet: keep reading, write the marker now, or stop.</summary>
internal enum ReplyStep
{
    Skip,
    SendMarker,
    Done,
}

/// <summary>
/// Collects one command's reply: the bodies of every RESPONSE_VALUE with the command's id, in order, until the
/// marker's answer arrives. Packets with any other id (the second empty answer to an earlier marker, say) are
/// skipped, so they never reach the next command. Chunks are joined as bytes: B42 cuts a reply every 4086 bytes,
/// even inside a UTF-8 sequence.
/// </summary>
internal sealed class ReplyAssembly(int id, int markerId, bool markerSent)
{
    /// <summary>B42's chunk size: a shorter chunk is the last one, a full one may be followed by more.</summary>
    public const int ChunkBytes = 4086;

    private readonly MemoryStream _bytes = new();
    private bool _markerSent = markerSent;

    public RconPacket Marker { get; } = new(markerId, RconPacket.ResponseValue, "");

    /// <summary>At least one packet of the reply has arrived.</summary>
    public bool Received { get; private set; }

    public string Text => System.Text.Encoding.UTF8.GetString(_bytes.GetBuffer(), 0, (int)_bytes.Length);

    public ReplyStep Accept(RconFrame packet)
    {
        if (packet.Type == RconPacket.ResponseValue && packet.Id == id)
        {
            _bytes.Write(packet.Body);
            Received = true;
            if (_markerSent)
            {
                return ReplyStep.Skip;
            }
            if (packet.Body.Length < ChunkBytes)
            {
                return ReplyStep.Done;
            }
            _markerSent = true;
            return ReplyStep.SendMarker;
        }
        return _markerSent && packet.Id == markerId ? ReplyStep.Done : ReplyStep.Skip;
    }
}
