namespace KnowledgeBase.Storage.Embedded.Catalog;

/// <summary>Approves partner uploads in the embedded store by clearing <c>documents.pending</c> in one transaction.</summary>
public sealed class SqliteDocumentReview(SqliteDatabase database) : IDocumentReview
{
    public Task<bool> ApproveAsync(string documentId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "UPDATE documents SET pending = 0 WHERE id = $id";
        command.Parameters.AddWithValue("$id", documentId);
        var found = command.ExecuteNonQuery() > 0;
        tx.Commit();
        return Task.FromResult(found);
    }
}
