using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace KnowledgeBase.Storage.Postgres;

/// <summary>
/// The shared-state database: one pooled <see cref="NpgsqlDataSource"/> per process, and the schema brought up to
/// <see cref="PostgresSchema.Version"/> before first use. Every class that touches PostgreSQL opens its connections here,
/// so the migration runs once per process whichever of them is used first.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, IDisposable
{
    /// <summary>Key of the advisory lock that serialises migrations of processes starting at the same time.</summary>
    private const long MigrationLock = 0x6b62_7363_6865_6d61; // "kbschema"

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task? _migration;

    public PostgresDatabase(IOptions<PostgresOptions> options, ILogger<PostgresDatabase>? logger = null)
    {
        Options = options.Value;
        if (string.IsNullOrWhiteSpace(Options.ConnectionString))
            throw new InvalidOperationException("KnowledgeBase:Postgres:ConnectionString is required when KnowledgeBase:State is Postgres (e.g. Host=db;Database=kb;Username=kb;Password=…).");
        _dataSource = NpgsqlDataSource.Create(Options.ConnectionString);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    public PostgresOptions Options { get; }

    /// <summary>Where the database is, without the password (for messages and logs).</summary>
    public string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(Options.ConnectionString);
        return $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}";
    }

    /// <summary>An open connection to a database whose schema is current.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSchemaAsync(cancellationToken);
        return await _dataSource.OpenConnectionAsync(cancellationToken);
    }

    /// <summary>
    /// Runs the missing migrations once per process (again after a failure, e.g. the server was not up yet); hosts call it
    /// at start-up so a wrong connection string stops them with the reason.
    /// </summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        Task migration;
        lock (_gate)
        {
            if (_migration is null || _migration.IsFaulted || _migration.IsCanceled) _migration = MigrateAsync(CancellationToken.None);
            migration = _migration;
        }
        return migration.WaitAsync(cancellationToken);
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", MigrationLock));
        await connection.ExecuteAsync(transaction, "CREATE TABLE IF NOT EXISTS kb_schema(version integer NOT NULL)", cancellationToken);
        var stored = await connection.ScalarAsync(transaction, "SELECT max(version) FROM kb_schema", cancellationToken) is int v ? v : 0;
        if (stored > PostgresSchema.Version)
            throw new InvalidOperationException(
                $"{Describe()} has shared-state schema version {stored}, but this build of KnowledgeBase knows versions up to " +
                $"{PostgresSchema.Version}: it was written by a newer build. Run that build (or newer).");
        foreach (var migration in PostgresSchema.Migrations.Where(m => m.Version > stored))
        {
            _logger.LogInformation("Migrating the shared state in {Database} to version {Version}: {Description}", Describe(), migration.Version, migration.Description);
            await connection.ExecuteAsync(transaction, migration.Sql, cancellationToken);
            await connection.ExecuteAsync(transaction, "DELETE FROM kb_schema; INSERT INTO kb_schema(version) VALUES (@v)", cancellationToken, ("v", migration.Version));
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The schema version recorded in the database (0 before the first migration).</summary>
    public async Task<int> StoredVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var exists = await connection.ScalarAsync(null, "SELECT to_regclass('kb_schema') IS NOT NULL", cancellationToken) is true;
        return exists && await connection.ScalarAsync(null, "SELECT max(version) FROM kb_schema", cancellationToken) is int v ? v : 0;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();
}
