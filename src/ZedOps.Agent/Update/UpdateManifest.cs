using System.Security.Cryptography;
using System.Text;
using ZedOps.Protocol;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Update;

/// <summary>A build's SHA256SUMS (<c>sha256sum</c> lines), trusted only when the pinned manager key signed it.</summary>
internal sealed record UpdateManifest(IReadOnlyDictionary<string, string> Files)
{
    public static UpdateManifest Verify(string text, string signature, string? pinnedKey)
    {
        if (string.IsNullOrEmpty(pinnedKey))
        {
            throw Refused("this agent has no pinned manager key (registered before keys existed and not yet reconnected); it cannot check the signature");
        }
        using var key = ECDsa.Create();
        byte[] signatureBytes;
        try
        {
            key.ImportSubjectPublicKeyInfo(Convert.FromBase64String(pinnedKey), out _);
            signatureBytes = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            throw Refused("the signature or the pinned key is not base64");
        }
        if (!key.VerifyData(Encoding.UTF8.GetBytes(text), signatureBytes, HashAlgorithmName.SHA256))
        {
            throw Refused("the build's SHA256SUMS is not signed by the manager key this agent pinned at registration");
        }
        return Parse(text);
    }

    public static UpdateManifest Parse(string text)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "<64 hex>  <name>" (text mode) or "<64 hex> *<name>" (binary mode).
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            var name = parts.Length == 2 ? parts[1].TrimStart('*') : "";
            if (parts[0].Length != 64 || !parts[0].All(Uri.IsHexDigit) || !IsPlainName(name))
            {
                throw Refused($"SHA256SUMS has a malformed line: '{line}'");
            }
            files[name] = parts[0].ToLowerInvariant();
        }
        return files.ContainsKey(AgentBuild.BinaryName) ? new UpdateManifest(files) : throw Refused($"SHA256SUMS does not list {AgentBuild.BinaryName}");
    }

    // The files land next to the binary: plain names only, nothing that climbs out of its folder.
    private static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && name is not ("." or "..");

    public static WireRequestException Refused(string reason) => new(ErrorCodes.UpdateRefused, reason);
}
