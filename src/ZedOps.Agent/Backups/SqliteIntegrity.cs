using Microsoft.Data.Sqlite;

namespace ZedOps.Agent.Backups;

/// <summary>
/// <c>PRAGMA integrity_check</c> on every SQLite file of an unpacked backup (PZ's <c>players.db</c>,
/// <c>vehicles.db</c> and the server's <c>db/&lt;name&gt;.db</c>), read-only and without a pool, so nothing is left
/// open or written beside the files. A failing file is reported, not refused: the archive holds exactly what the
/// server had (its manifest proves that), and the restore's boot check and rollback decide the rest.
/// </summary>
internal static class SqliteIntegrity
{
    private const int MaxReported = 3;

    /// <summary>The problems found, one line per bad file; empty when every database is intact.</summary>
    public static IReadOnlyList<string> Check(string root, out int checkedFiles)
    {
        var problems = new List<string>();
        checkedFiles = 0;
        foreach (var file in Directory.EnumerateFiles(root, "*.db", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            checkedFiles++;
            var relative = Path.GetRelativePath(root, file);
            var problem = CheckFile(file);
            if (problem is not null)
            {
                problems.Add($"{relative} fails the SQLite integrity check: {problem}");
            }
        }
        return problems;
    }

    private static string? CheckFile(string path)
    {
        var connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        try
        {
            using var db = new SqliteConnection(connection);
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = $"PRAGMA integrity_check({MaxReported})";
            using var reader = command.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read())
            {
                lines.Add(reader.GetString(0));
            }
            return lines is ["ok"] ? null : string.Join("; ", lines);
        }
        catch (SqliteException ex)
        {
            return ex.Message;
        }
    }
}
