namespace ZedOps.Protocol.Servers;

/// <summary>The game's own settings files of one server, under its cache dir <see cref="DataPath"/>:
/// <c>Server/&lt;World&gt;.ini</c> and <c>Server/&lt;World&gt;_SandboxVars.lua</c> (see <see cref="ServerFileKinds"/>).</summary>
public sealed record ReadServerFiles(Guid ServerId, string DataPath, string World) : INamesServer;

/// <summary>One file as it is on disk. <see cref="Content"/> is the UTF-8 text byte for byte (a BOM stays a U+FEFF);
/// <see cref="Hash"/> is the lower-case hex SHA-256 of the bytes, empty when the file does not exist.</summary>
public sealed record ServerFile(string Kind, string RelativePath, bool Exists, string Content, string Hash);

public sealed record ReadServerFilesResult(Guid ServerId, IReadOnlyList<ServerFile> Files);

/// <summary>Replace one file atomically (temp file + rename; the old one is kept as <c>.bak</c>) only when it still has
/// <see cref="ExpectedHash"/> (empty: it must not exist): a changed file is refused with <c>conflict</c>.</summary>
public sealed record WriteServerFile(Guid ServerId, string DataPath, string World, string Kind, string Content, string ExpectedHash) : INamesServer;

public sealed record WriteServerFileResult(Guid ServerId, ServerFile File);

public static class ServerFileKinds
{
    public const string Ini = "ini";
    public const string Sandbox = "sandbox";

    public static readonly IReadOnlyList<string> All = [Ini, Sandbox];

    /// <summary>The file's path relative to the cache dir, or null for an unknown kind.</summary>
    public static string? RelativePath(string kind, string world) => kind switch
    {
        Ini => $"Server/{world}.ini",
        Sandbox => $"Server/{world}_SandboxVars.lua",
        _ => null,
    };
}
