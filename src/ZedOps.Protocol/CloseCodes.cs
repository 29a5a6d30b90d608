using System.Net.WebSockets;

namespace ZedOps.Protocol;

/// <summary>Application close codes (RFC 6455 reserves 4000–4999 for applications) so the agent can tell a
/// definite rejection (stop) from a passing disconnect (reconnect).</summary>
public static class CloseCodes
{
    public const WebSocketCloseStatus Revoked = (WebSocketCloseStatus)4001;
    public const WebSocketCloseStatus Replaced = (WebSocketCloseStatus)4002;
    public const WebSocketCloseStatus VersionMismatch = (WebSocketCloseStatus)4003;
    public const WebSocketCloseStatus Unresponsive = (WebSocketCloseStatus)4004;
    public const WebSocketCloseStatus ShuttingDown = (WebSocketCloseStatus)4005;
}
