using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ZedOps.Agent.Servers;
using ZedOps.Protocol;
using ZedOps.Protocol.Servers;
using ZedOps.Protocol.Transport;

namespace ZedOps.Agent.Settings;

/// <summary>
/// Reads and writes a server's ini and SandboxVars.lua for the settings editor. Writes are optimistic (the caller names
/// the hash it edited; anything else is a conflict), atomic (a temp file in the same directory renamed over the old
/// one, after the old one was copied to <c>.bak</c>) and keep the old file's owner and mode, so the game can still
/// rewrite it. Every path goes through <see cref="PathGuard"/>.
/// </summary>
internal sealed partial class ServerFiles(PathGuard paths)
{
    public const int MaxFileBytes = 512 * 1024;
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public MessageRouter Register(MessageRouter router) => router
        .Handle(Requests.ReadServerFiles, ReadAsync)
        .Handle(Requests.WriteServerFile, WriteAsync);

    public ValueTask<ReadServerFilesResult> ReadAsync(ReadServerFiles request, CancellationToken ct)
    {
        var root = paths.Validate(request.DataPath);
        var files = ServerFileKinds.All.Select(kind => Read(root, request.World, kind)).ToList();
        return ValueTask.FromResult(new ReadServerFilesResult(request.ServerId, files));
    }

    public async ValueTask<WriteServerFileResult> WriteAsync(WriteServerFile request, CancellationToken ct)
    {
        var root = paths.Validate(request.DataPath);
        var path = FilePath(root, request.World, request.Kind);
        var bytes = s_utf8.GetBytes(request.Content);
        if (bytes.Length > MaxFileBytes)
        {
            throw new WireRequestException(ErrorCodes.BadRequest, $"{request.Kind} file is larger than {MaxFileBytes} bytes");
        }
        var gate = _locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            var current = Read(root, request.World, request.Kind);
            if (current.Hash != request.ExpectedHash)
            {
                throw new WireRequestException(ErrorCodes.Conflict,
                    $"{current.RelativePath} changed on disk since it was read (the game rewrites it on boot and on changeoption); reload and edit again");
            }
            Replace(path, bytes, current.Exists);
            return new WriteServerFileResult(request.ServerId, Read(root, request.World, request.Kind));
        }
        finally
        {
            gate.Release();
        }
    }

    private static void Replace(string path, byte[] bytes, bool existed)
    {
        var dir = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(dir))
        {
            throw new WireRequestException(ErrorCodes.NotFound, $"{dir} does not exist: start the server once so that the game creates its files");
        }
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            if (existed)
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
                }
                Ownership.CopyFrom(path, temp);
                File.Copy(path, path + ".bak", overwrite: true);
                Ownership.CopyFrom(path, path + ".bak");
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static ServerFile Read(string root, string world, string kind)
    {
        var path = FilePath(root, world, kind);
        var relative = ServerFileKinds.RelativePath(kind, world)!;
        if (!File.Exists(path))
        {
            return new ServerFile(kind, relative, false, "", "");
        }
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length > MaxFileBytes)
        {
            throw new WireRequestException(ErrorCodes.BadRequest, $"{relative} is larger than {MaxFileBytes} bytes");
        }
        try
        {
            return new ServerFile(kind, relative, true, s_utf8.GetString(bytes), Hash(bytes));
        }
        catch (DecoderFallbackException)
        {
            throw new WireRequestException(ErrorCodes.BadRequest, $"{relative} is not UTF-8 text; edit it by hand");
        }
    }

    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string FilePath(string root, string world, string kind)
    {
        if (!WorldName().IsMatch(world))
        {
            throw new WireRequestException(ErrorCodes.BadRequest, $"world name '{world}' is not a plain file name");
        }
        var relative = ServerFileKinds.RelativePath(kind, world)
            ?? throw new WireRequestException(ErrorCodes.BadRequest, $"unknown settings file kind '{kind}'");
        var full = Path.Combine(root, relative);
        // The Server/ folder itself might be a symlink out of the data root: resolve again.
        var resolved = PathGuard.Resolve(full);
        if (!resolved.StartsWith(root + "/", StringComparison.Ordinal))
        {
            throw new WireRequestException(ErrorCodes.InvalidPath, $"{relative} resolves outside the server's data directory");
        }
        return resolved;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$")]
    private static partial Regex WorldName();
}
