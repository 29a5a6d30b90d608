using System.Text;
using Docker.DotNet.Models;
using ZedOps.Agent.Docker;

namespace ZedOps.Agent.Tests.Docker;

public sealed class DockerTimestampTests
{
    [Theory]
    [InlineData("2026-05-01T10:00:00.123456789Z", 1_234_567)]
    [InlineData("2026-05-01T10:00:00.5Z", 5_000_000)]
    [InlineData("2026-05-01T10:00:00Z", 0)]
    [InlineData("2026-05-01T12:00:00.25+02:00", 2_500_000)]
    public void TryParse_Rfc3339Nano_GivesUtcWithTickPrecision(string text, long fractionTicks)
    {
        Assert.True(DockerTimestamp.TryParse(Encoding.UTF8.GetBytes(text), out var at));

        Assert.Equal(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(fractionTicks), at);
        Assert.Equal(TimeSpan.Zero, at.Offset);
    }

    [Theory]
    [InlineData("2026-02-30T10:00:00Z")]
    [InlineData("2026-05-01T10:00:00.Z")]
    [InlineData("2026-05-01T10:00:00+2:00")]
    [InlineData("hello")]
    public void TryParse_NotATimestamp_ReturnsFalse(string text) =>
        Assert.False(DockerTimestamp.TryParse(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void ToUnixSeconds_KeepsTheFraction() =>
        Assert.Equal("1777629600.123456700", DockerTimestamp.ToUnixSeconds(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567)));

    [Fact]
    public void ParseTime_DockerZeroTime_IsNull()
    {
        Assert.Null(ContainerMapping.ParseTime("0001-01-01T00:00:00Z"));
        Assert.NotNull(ContainerMapping.ParseTime("2026-05-01T10:00:00.123456789Z"));
    }

    [Theory]
    [InlineData("health_status: healthy", "health_status")]
    [InlineData("exec_start: sh -c true", "exec_start")]
    [InlineData("die", "die")]
    public void FromMessage_ActionWithDetail_KeepsThePartBeforeTheColon(string action, string expected)
    {
        var message = new Message
        {
            Type = "container",
            Action = action,
            Actor = new Actor { ID = "abc", Attributes = new Dictionary<string, string> { ["name"] = "web", ["exitCode"] = "137", ["zedops.managed"] = "true" } },
            TimeNano = 1_777_629_600_123_456_789,
        };

        var e = DockerContainerRuntime.FromMessage(message);

        Assert.NotNull(e);
        Assert.Equal((expected, "abc", "web", 137), (e.Action, e.Id, e.Name, e.ExitCode));
        Assert.Equal(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), e.At);
        Assert.Equal("true", e.Labels["zedops.managed"]);
    }

    [Fact]
    public void FromMessage_NotAContainerEvent_IsNull() =>
        Assert.Null(DockerContainerRuntime.FromMessage(new Message { Type = "network", Action = "connect" }));
}
