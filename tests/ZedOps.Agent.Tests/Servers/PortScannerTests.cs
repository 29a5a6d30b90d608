using Microsoft.Extensions.Logging.Abstractions;
using ZedOps.Agent.Docker;
using ZedOps.Agent.Host;
using ZedOps.Agent.Servers;
using ZedOps.Protocol.Servers;
using ZedOps.Testing;

namespace ZedOps.Agent.Tests.Servers;

public sealed class PortScannerTests
{
    // Real /proc/net lines: 127.0.0.1:27015 listening, 0.0.0.0:22 listening, an established connection from port
    // 40000 (not a listener), and a TIME_WAIT on 8080.
    private const string Tcp = """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:6987 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 41213 1 0000000000000000 100 0 0 10 0
           1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 20120 1 0000000000000000 100 0 0 10 0
           2: 0100007F:9C40 0100007F:6987 01 00000000:00000000 00:00000000 00000000     0        0 51234 1 0000000000000000 20 4 30 10 -1
           3: 0100007F:1F90 0100007F:9C41 06 00000000:00000000 03:00000D2F 00000000     0        0 0 3 0000000000000000
        """;

    private const string Tcp6 = """
          sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3013 1 0000000000000000 100 0 0 10 0
        """;

    // UDP: every row is a bound socket (st 07 = unconnected); 16261 on 0.0.0.0 and 16262 on ::1.
    private const string Udp = """
           sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
          101: 00000000:3F85 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 60417 2 0000000000000000 0
        """;

    private const string Udp6 = """
           sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
          102: 00000000000000000000000001000000:3F86 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 60418 2 0000000000000000 0
        """;

    [Fact]
    public void ParseProcNet_Tcp_OnlyListeningPorts()
    {
        Assert.Equal([27015, 22], PortScanner.ParseProcNet(Tcp, listeningOnly: true));
        Assert.Equal([8081], PortScanner.ParseProcNet(Tcp6, listeningOnly: true));
    }

    [Fact]
    public void ParseProcNet_Udp_EveryBoundPort()
    {
        Assert.Equal([16261], PortScanner.ParseProcNet(Udp, listeningOnly: false));
        Assert.Equal([16262], PortScanner.ParseProcNet(Udp6, listeningOnly: false));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  sl  local_address\n garbage\n 0: nothex:ZZZZ 0 0A\n")]
    public void ParseProcNet_MissingOrGarbage_NoPorts(string? table) =>
        Assert.Empty(PortScanner.ParseProcNet(table, listeningOnly: true));

    [DockerFact]
    [Trait("Category", "Docker")]
    public async Task CheckAsync_InjectedProcRoot_ReportsHostSocketsByProtocol()
    {
        var root = Directory.CreateTempSubdirectory("proc-");
        try
        {
            var net = root.CreateSubdirectory("net").FullName;
            await File.WriteAllTextAsync(Path.Combine(net, "tcp"), Tcp);
            await File.WriteAllTextAsync(Path.Combine(net, "tcp6"), Tcp6);
            await File.WriteAllTextAsync(Path.Combine(net, "udp"), Udp);
            await File.WriteAllTextAsync(Path.Combine(net, "udp6"), Udp6);
            using var runtime = new DockerContainerRuntime(DockerContainerRuntime.DefaultEndpoint(), TimeProvider.System, NullLogger.Instance);
            var scanner = new PortScanner(new ProcFileSystem(root.FullName), runtime);

            var result = await scanner.CheckAsync(
                [new(27015, "tcp"), new(16261, "UDP"), new(16262, "udp"), new(40000, "tcp"), new(16261, "tcp"), new(8081, "tcp")],
                CancellationToken.None).DefaultTimeout();

            Assert.Equal(
                [new(27015, "tcp", PortScanner.HostSocket), new(16261, "udp", PortScanner.HostSocket), new(16262, "udp", PortScanner.HostSocket), new PortUse(8081, "tcp", PortScanner.HostSocket)],
                result.InUse);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
