using System.ComponentModel.DataAnnotations;

namespace KnowledgeBase.Storage.Postgres;

/// <summary>
/// Settings of the shared state on PostgreSQL (section <c>KnowledgeBase:Postgres</c>), used when
/// <c>KnowledgeBase:State</c> is <c>Postgres</c>.
/// </summary>
public sealed class PostgresOptions
{
    public const string Section = "KnowledgeBase:Postgres";

    /// <summary>
    /// An Npgsql connection string, e.g. <c>Host=db;Database=kb;Username=kb;Password=…</c>. Pass the password as an
    /// environment variable or secret (<c>KnowledgeBase__Postgres__ConnectionString</c>), never in a committed file.
    /// </summary>
    [Required(ErrorMessage = "KnowledgeBase:Postgres:ConnectionString is required when KnowledgeBase:State is Postgres (e.g. Host=db;Database=kb;Username=kb;Password=…).")]
    public string? ConnectionString { get; set; }

    /// <summary>Bytes per stored row of an original file (1 MiB): reads and writes hold one piece in memory at a time.</summary>
    [Range(64 * 1024, 64 * 1024 * 1024, ErrorMessage = "KnowledgeBase:Postgres:OriginalChunkBytes must be between 65536 and 67108864.")]
    public int OriginalChunkBytes { get; set; } = 1 << 20;
}
