using Microsoft.Extensions.Logging;

namespace ZedOps.Agent.Docker;

internal sealed partial class DockerContainerRuntime
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Docker event stream from {Endpoint} ended: {Reason}")]
        public static partial void EventStreamEnded(ILogger logger, Uri endpoint, string reason);

        [LoggerMessage(3, LogLevel.Warning, "Log stream of container {Container} broke off: {Error}")]
        public static partial void LogStreamBroken(ILogger logger, string container, string error);
    }
}
