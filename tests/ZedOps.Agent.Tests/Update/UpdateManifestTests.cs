using System.Security.Cryptography;
using System.Text;
using ZedOps.Agent.Update;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Tests.Update;

public sealed class UpdateManifestTests
{
    private static readonly string Sums = $"{new string('a', 64)}  zedops-agent\n{new string('b', 64)}  libe_sqlite3.so\n";

    private static (string PublicKey, string Signature) Sign(string text)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()), Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256)));
    }

    [Fact]
    public void Verify_SignedByPinnedKey_ListsTheFiles()
    {
        var (key, signature) = Sign(Sums);

        var manifest = UpdateManifest.Verify(Sums, signature, key);

        Assert.Equal(new string('a', 64), manifest.Files["zedops-agent"]);
        Assert.Equal(new string('b', 64), manifest.Files["libe_sqlite3.so"]);
    }

    [Fact]
    public void Verify_TextChangedAfterSigning_Refused()
    {
        var (key, signature) = Sign(Sums);

        var ex = Assert.Throws<WireRequestException>(() => UpdateManifest.Verify(Sums.Replace('a', 'c'), signature, key));

        Assert.Equal(ErrorCodes.UpdateRefused, ex.Code);
        Assert.Contains("not signed by the manager key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_SignedByAnotherKey_Refused()
    {
        var (pinned, _) = Sign(Sums);
        var (_, foreignSignature) = Sign(Sums);

        Assert.Equal(ErrorCodes.UpdateRefused, Assert.Throws<WireRequestException>(() => UpdateManifest.Verify(Sums, foreignSignature, pinned)).Code);
    }

    [Fact]
    public void Verify_NoPinnedKey_RefusedWithReason()
    {
        var (_, signature) = Sign(Sums);

        var ex = Assert.Throws<WireRequestException>(() => UpdateManifest.Verify(Sums, signature, null));

        Assert.Contains("no pinned manager key", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../zedops-agent")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/dir")]
    [InlineData("..")]
    public void Parse_NameThatLeavesTheFolder_Refused(string name)
    {
        var text = $"{new string('a', 64)}  zedops-agent\n{new string('b', 64)}  {name}\n";

        Assert.Contains("malformed", Assert.Throws<WireRequestException>(() => UpdateManifest.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WithoutTheBinary_Refused() =>
        Assert.Contains("does not list zedops-agent",
            Assert.Throws<WireRequestException>(() => UpdateManifest.Parse($"{new string('b', 64)}  libe_sqlite3.so\n")).Message, StringComparison.Ordinal);
}
