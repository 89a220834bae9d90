using KnowledgeBase.Storage.Embedded.Schema;

namespace KnowledgeBase.Storage.Embedded.Catalog;

/// <summary>Approves partner uploads in the embedded store by clearing <c>documents.pending</c> in one transaction.</summary>
public sealed class SqliteDocumentReview(SqliteDatabase database) : IDocumentReview
{
    public Task<bool> ApproveAsync(string documentId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var tx = connection.BeginTransaction(deferred: false);
        var found = connection.Execute(tx, "UPDATE documents SET pending = 0 WHERE id = $id", ("$id", documentId)) > 0;
        tx.Commit();
        return Task.FromResult(found);
    }
}
