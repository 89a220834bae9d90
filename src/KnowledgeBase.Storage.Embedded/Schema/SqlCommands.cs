using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded.Schema;

/// <summary>
/// Runs one SQL statement with named parameters (<c>("$id", id)</c>; null is bound as SQL NULL) on a connection, inside
/// a transaction when one is given. Replaces the create-command / add-parameters / read-loop blocks every class used to
/// repeat. Statements run many times inside one transaction (bulk inserts, postings) keep their own prepared commands.
/// </summary>
public static class SqlCommands
{
    /// <summary>A command ready to run; the caller disposes it.</summary>
    public static SqliteCommand Command(this SqliteConnection connection, SqliteTransaction? transaction, string sql,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    /// <summary>Runs a statement (or several, separated by <c>;</c>) and returns the number of rows changed.</summary>
    public static int Execute(this SqliteConnection connection, SqliteTransaction? transaction, string sql,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row, or null when there is no row or it is NULL.</summary>
    public static object? Scalar(this SqliteConnection connection, SqliteTransaction? transaction, string sql,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        return command.ExecuteScalar() is { } value and not DBNull ? value : null;
    }

    /// <summary>The first column of the first row as a 64-bit integer (SQLite's integer type), or null.</summary>
    public static long? Long(this SqliteConnection connection, SqliteTransaction? transaction, string sql,
        params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        connection.Scalar(transaction, sql, parameters) is { } value ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>Every row, each turned into a <typeparamref name="T"/> by <paramref name="read"/>.</summary>
    public static List<T> Query<T>(this SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> read,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        return command.ReadAll(read);
    }

    /// <summary>
    /// Runs a prepared command and turns every row into a <typeparamref name="T"/> (for SQL built on the command itself,
    /// e.g. with an access filter that adds its own parameters).
    /// </summary>
    public static List<T> ReadAll<T>(this SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    /// <summary>The first row turned into a <typeparamref name="T"/>, or null when there is none.</summary>
    public static T? QueryFirst<T>(this SqliteConnection connection, SqliteTransaction? transaction, string sql, Func<SqliteDataReader, T> read,
        params ReadOnlySpan<(string Name, object? Value)> parameters) where T : class
    {
        using var command = connection.Command(transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        return reader.Read() ? read(reader) : null;
    }

    /// <summary>Calls <paramref name="row"/> for every row without collecting them (large scans).</summary>
    public static void ForEach(this SqliteConnection connection, SqliteTransaction? transaction, string sql, Action<SqliteDataReader> row,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        while (reader.Read()) row(reader);
    }

    /// <summary>The text in a column, or null for SQL NULL.</summary>
    public static string? TextOrNull(this SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);
}
