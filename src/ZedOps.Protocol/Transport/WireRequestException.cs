namespace ZedOps.Protocol.Transport;

/// <summary>A typed failure of a request: the code is one of <see cref="ErrorCodes"/> (or a feature's own code).</summary>
public sealed class WireRequestException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;

    public ProtocolError ToError() => new(Code, Message);
}
