using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using NATS.Client.Core;
using ZedOps.Manager.Features.Replicas;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Tests.Features.Replicas;

/// <summary>ZEDOPS_NATS_URL with credentials, against a real nats-server that requires them.</summary>
[Trait("Category", "Replicas")]
public sealed class ReplicaBusTests
{
    [NatsTheory]
    [InlineData("zed:s3cret@", new[] { "--user", "zed", "--pass", "s3cret" })]
    [InlineData("t0ken-abc@", new[] { "--auth", "t0ken-abc" })]
    public async Task NatsUrlWithCredentials_Connects(string userInfo, string[] serverFlags)
    {
        await using var nats = await NatsServer.StartAsync(serverFlags);
        var options = Options.Create(new ManagerOptions { Replicas = { NatsUrl = $"nats://{userInfo}127.0.0.1:{nats.Port}" } });
        await using var bus = new ReplicaBus(options, NullLoggerFactory.Instance);

        await bus.Connection.ConnectAsync().AsTask().DefaultTimeout();

        Assert.Equal(NatsConnectionState.Open, bus.Connection.ConnectionState);
        await bus.Connection.PingAsync().AsTask().DefaultTimeout();
        Assert.DoesNotContain(userInfo.TrimEnd('@'), bus.Connection.Opts.Url, StringComparison.Ordinal); // logged by the client
    }
}
