using ZedOps.Manager.Features.Servers;
using ZedOps.Protocol.Containers;
using ZedOps.Protocol.Servers;

namespace ZedOps.Manager.Tests.Features.Servers;

public sealed class AdoptionInferenceTests
{
    private static AdoptableContainer Container(Dictionary<string, string> env, params PortBinding[] ports) =>
        new("abc", "My_PZ.Server", "renegademaster/zomboid-dedicated-server:latest", ContainerStates.Running, env,
            [new ServerMount("/srv/pz/Zomboid", "/home/steam/Zomboid"), new ServerMount("/srv/pz/install", "/home/steam/ZomboidDedicatedServer")], ports);

    [Fact]
    public void Infer_PublishedPortsAndEnv_LowestUdpIsGame_RconFromItsHostBinding()
    {
        var env = new Dictionary<string, string> { ["RCON_PASSWORD"] = "r", ["ADMIN_PASSWORD"] = "a", ["RCON_PORT"] = "27015", ["MAX_PLAYERS"] = "500", ["MOD_NAMES"] = "m1", ["TZ"] = "UTC", ["PATH"] = "/bin" };
        var plan = AdoptionInference.Infer(Container(env, new(16262, "udp", null, 30002), new(16261, "udp", null, 30001), new(27015, "tcp", "127.0.0.1", 40000)), null, null)!;

        Assert.Equal("renegade-pz", plan.ProfileId);
        Assert.Equal((30001, 30002, 40000), (plan.GamePort, plan.UdpPort, plan.RconPort));
        Assert.Equal(("r", "a"), (plan.RconPassword, plan.AdminPassword));
        Assert.Equal(100, plan.Config.MaxPlayers);
        Assert.Equal("m1", plan.Config.Mods);
        Assert.Equal("/srv/pz/Zomboid", plan.DataSource);
        Assert.Equal(new Dictionary<string, string> { ["TZ"] = "UTC" }, plan.Config.ExtraEnv);
        Assert.Equal(("renegademaster/zomboid-dedicated-server", "latest"), (plan.Image, plan.Tag));
    }

    [Fact]
    public void Infer_NoServerName_NameFromContainer_KeepsTheDefaultWorld()
    {
        var plan = AdoptionInference.Infer(Container([]), null, null)!;

        Assert.Equal("my-pz-server", plan.Name);
        Assert.Equal(AdoptionInference.DefaultWorldName, plan.Config.WorldName);
        Assert.Null(plan.GamePort);
        Assert.Equal(27015, plan.RconPort);
    }

    [Fact]
    public void Infer_ServerNameMatchesChosenName_NoSeparateWorldName()
    {
        var plan = AdoptionInference.Infer(Container(new() { ["SERVER_NAME"] = "alpha" }), "pz-sim", null)!;

        Assert.Equal(("alpha", "pz-sim"), (plan.Name, plan.ProfileId));
        Assert.Null(plan.Config.WorldName);
    }

    [Theory]
    [InlineData("zedops/pz-sim:src-1", "zedops/pz-sim", "src-1")]
    [InlineData("localhost:5000/pz", "localhost:5000/pz", "latest")]
    [InlineData("pz@sha256:abc", "pz", "latest")]
    public void SplitImage_Reference_ImageAndTag(string reference, string image, string tag) =>
        Assert.Equal((image, tag), AdoptionInference.SplitImage(reference, "latest"));
}
