using ZedOps.Agent.Docker;

namespace ZedOps.Agent.Tests.Docker;

public sealed class ImageReferenceTests
{
    [Theory]
    [InlineData("zedops/pz-sim:latest", "zedops/pz-sim", "latest")]
    [InlineData("zedops/pz-sim", "zedops/pz-sim", "latest")]
    [InlineData("busybox", "busybox", "latest")]
    [InlineData("127.0.0.1:5000/zedops/pz-sim", "127.0.0.1:5000/zedops/pz-sim", "latest")]
    [InlineData("127.0.0.1:5000/zedops/pz-sim:0.1.0", "127.0.0.1:5000/zedops/pz-sim", "0.1.0")]
    [InlineData("repo/img@sha256:abc", "repo/img", "sha256:abc")]
    public void SplitReference_Reference_NameAndTag(string image, string name, string tag) =>
        Assert.Equal((name, tag), DockerContainerRuntime.SplitReference(image));
}
