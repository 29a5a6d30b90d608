using Microsoft.Data.Sqlite;

namespace ZedOps.PzSim.Players;

/// <summary>Tiny helpers over Microsoft.Data.Sqlite: the simulator needs a handful of statements, not an ORM.</summary>
internal static class SqliteFile
{
    public static SqliteConnection Open(string path)
    {
        // Pooling off: the file must be closed for real on quit, so a backup taken right after exit sees no lock.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static int Exec(this SqliteConnection db, string sql, params (string Name, object? Value)[] args)
    {
        using var command = Prepare(db, sql, args);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(this SqliteConnection db, string sql, params (string Name, object? Value)[] args)
    {
        using var command = Prepare(db, sql, args);
        return command.ExecuteScalar();
    }

    private static SqliteCommand Prepare(SqliteConnection db, string sql, (string Name, object? Value)[] args)
    {
        var command = db.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in args)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
        return command;
    }
}
