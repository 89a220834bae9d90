namespace KnowledgeBase.Storage.Postgres;

/// <summary>Review decisions in PostgreSQL (<c>kb_reviews</c>), one row per decision.</summary>
public sealed class PostgresReviewLog(PostgresDatabase database, TimeProvider? clock = null) : IReviewLog
{
    public async Task RecordApprovalAsync(string documentId, string? decidedBy, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(null, """
            INSERT INTO kb_reviews(document_id, decision, decided_by, decided_at) VALUES (@id, 'approved', @by, @at) ON CONFLICT DO NOTHING
            """, cancellationToken, ("id", documentId), ("by", decidedBy), ("at", (clock ?? TimeProvider.System).GetUtcNow()));
    }

    public async Task<IReadOnlyList<ReviewDecision>> GetDecisionsAsync(string documentId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryAsync(null, "SELECT document_id, decision, decided_by, decided_at FROM kb_reviews WHERE document_id = @id ORDER BY decided_at",
            r => new ReviewDecision(r.GetString(0), r.GetString(1), r.TextOrNull(2), r.GetFieldValue<DateTimeOffset>(3)), cancellationToken, ("id", documentId));
    }
}
