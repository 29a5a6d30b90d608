using Microsoft.Extensions.Logging;

namespace ZedOps.Protocol.Transport;

internal static partial class WireLog
{
    [LoggerMessage(1, LogLevel.Warning, "Closing socket for a policy violation: {Reason}")]
    public static partial void PolicyViolation(ILogger logger, string reason);

    [LoggerMessage(2, LogLevel.Warning, "No handler for event '{Subject}'; it was ignored")]
    public static partial void UnknownEvent(ILogger logger, string subject);

    [LoggerMessage(3, LogLevel.Error, "Handler for '{Subject}' failed")]
    public static partial void HandlerFailed(ILogger logger, string subject, Exception exception);

    [LoggerMessage(4, LogLevel.Debug, "Reply for '{Inbox}' arrived after its request ended")]
    public static partial void LateReply(ILogger logger, string inbox);

    [LoggerMessage(5, LogLevel.Debug, "Reader stopped: {Reason}")]
    public static partial void ReaderStopped(ILogger logger, string reason);

    [LoggerMessage(6, LogLevel.Debug, "Writer stopped: {Reason}")]
    public static partial void WriterStopped(ILogger logger, string reason);

    [LoggerMessage(7, LogLevel.Debug, "Reply to '{Subject}' not sent: {Reason}")]
    public static partial void ReplyDropped(ILogger logger, string subject, string reason);
}
