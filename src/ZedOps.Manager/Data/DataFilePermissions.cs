using Microsoft.Data.Sqlite;

namespace ZedOps.Manager.Data;

/// <summary>The data dir holds the database (password hashes, two-factor keys, token hashes) and the Data Protection
/// keys that decrypt server secrets: only the manager's user may read it (issue 10 item 8). The dir is 0700 and the
/// SQLite files 0600, set on every start so an existing install is tightened too. SQLite creates its -wal and -shm
/// files with the mode of the database file, and the database file is created here first with 0600 so it never
/// exists with the umask's mode.</summary>
internal static class DataFilePermissions
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void SecureDataDir(string dataDir)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dataDir);
            return;
        }
        Directory.CreateDirectory(dataDir, OwnerOnlyDirectory);
        File.SetUnixFileMode(dataDir, OwnerOnlyDirectory);
    }

    /// <summary>Creates the database file (0600) when missing and tightens it and its -wal/-shm/-journal files.</summary>
    public static void SecureSqliteFiles(string connectionString)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (OperatingSystem.IsWindows() || string.IsNullOrEmpty(path) || path == ":memory:" || path.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnlyFile });
        }
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" }.Where(File.Exists))
        {
            File.SetUnixFileMode(file, OwnerOnlyFile);
        }
    }
}
