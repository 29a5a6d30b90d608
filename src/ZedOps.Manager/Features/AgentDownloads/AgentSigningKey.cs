using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ZedOps.Manager.Hosting;

namespace ZedOps.Manager.Features.AgentDownloads;

/// <summary>The manager's ECDSA P-256 key pair for agent builds, created on first start as
/// <c>{DataDir}/agent-signing-key.pem</c> (PKCS#8, 0600). Agents pin the public half at registration and accept a
/// self-update only when its SHA256SUMS carries this key's signature.</summary>
public sealed class AgentSigningKey : IDisposable
{
    public const string FileName = "agent-signing-key.pem";

    private readonly ECDsa _key = ECDsa.Create();

    public AgentSigningKey(IOptions<ManagerOptions> options, ILogger<AgentSigningKey> logger, IServiceProvider services)
    {
        if (options.Value.Replicas.Enabled)
        {
            // Several replicas: one key for the fleet, in the database (see SharedSigningKey), not one per data dir.
            _key.ImportFromPem(Replicas.SharedSigningKey.LoadOrCreate(services, () =>
            {
                using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
                return fresh.ExportPkcs8PrivateKeyPem();
            }));
            PublicKey = Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo());
            return;
        }
        var path = Path.Combine(Path.GetFullPath(options.Value.DataDir), FileName);
        if (File.Exists(path))
        {
            _key.ImportFromPem(File.ReadAllText(path));
        }
        else
        {
            _key.GenerateKey(ECCurve.NamedCurves.nistP256);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var file = new FileStream(path, create))
            {
                file.Write(Encoding.ASCII.GetBytes(_key.ExportPkcs8PrivateKeyPem()));
            }
            logger.LogInformation("Created the agent signing key {Path}; agents registered from now on pin its public half", path);
        }
        PublicKey = Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>SubjectPublicKeyInfo (DER), base64: what agents pin.</summary>
    public string PublicKey { get; }

    public string PublicKeyPem => PemEncoding.WriteString("PUBLIC KEY", Convert.FromBase64String(PublicKey));

    /// <summary>ECDSA over SHA-256 of the UTF-8 text, IEEE P1363 form, base64.</summary>
    public string Sign(string text) => Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256));

    public void Dispose() => _key.Dispose();
}
