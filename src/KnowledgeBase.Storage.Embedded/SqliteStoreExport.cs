using System.Runtime.CompilerServices;
using KnowledgeBase.Model;
using KnowledgeBase.Storage.Embedded.Schema;

namespace KnowledgeBase.Storage.Embedded;

/// <summary>
/// Reads everything the embedded store holds, document by document, as the <see cref="DocumentSubmission"/> that
/// wrote it — so another store can be filled without parsing the original files again (<c>kb migrate</c>).
/// Reads bypass access scopes: this is an administrator's tool over a data directory it owns.
/// </summary>
public sealed class SqliteStoreExport(SqliteDatabase database)
{
    /// <summary>Ids of all documents, in id order.</summary>
    public IReadOnlyList<string> DocumentIds()
    {
        using var connection = database.Open();
        return connection.Query(null, "SELECT id FROM documents ORDER BY id", r => r.GetString(0));
    }

    /// <summary>One document with its pages and passages in order; null if it is gone.</summary>
    public DocumentSubmission? Read(string documentId)
    {
        using var connection = database.Open();
        // One read transaction, so a concurrent re-ingest cannot hand us pages of one version and passages of another.
        using var tx = connection.BeginTransaction(deferred: true);
        var document = connection.QueryFirst(tx, $"SELECT {DocumentRows.DocumentColumns} FROM documents d WHERE d.id = $id",
            r => DocumentRows.ReadDocument(r), ("$id", documentId));
        if (document is null) return null;
        var pages = connection.Query(tx, "SELECT number, text FROM pages WHERE document_id = $id ORDER BY number",
            r => new DocumentPage(r.GetInt32(0), r.GetString(1)), ("$id", documentId));
        var passages = connection.Query(tx, $"SELECT {DocumentRows.PassageColumns} FROM passages p WHERE p.document_id = $id ORDER BY p.ordinal",
            r => DocumentRows.ReadPassage(r), ("$id", documentId));
        tx.Commit();
        // Vectors: the embedded store keeps none yet; when it does, read them here so a migration need not re-embed.
        return new DocumentSubmission(document, pages, passages);
    }

    /// <summary>Every document in id order, read one at a time so memory stays bounded by the largest document.</summary>
    public async IAsyncEnumerable<DocumentSubmission> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var id in DocumentIds())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Read(id) is { } submission) yield return submission;
            await Task.Yield();
        }
    }

    /// <summary>
    /// Writes every document into <paramref name="target"/> through its own <see cref="IKnowledgeStore.UpsertAsync"/>.
    /// A document that fails is reported and skipped; the copy goes on. Re-running repeats the writes, which stores make idempotent.
    /// </summary>
    public async Task<CopyReport> CopyToAsync(IKnowledgeStore target, Action<DocumentSubmission>? copied = null, CancellationToken cancellationToken = default)
    {
        int documents = 0, passages = 0, pages = 0;
        var failures = new List<(string DocumentId, string Reason)>();
        await foreach (var submission in ReadAllAsync(cancellationToken))
        {
            try
            {
                await target.UpsertAsync(submission, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add((submission.Document.Id, e.Message));
                continue;
            }
            documents++;
            passages += submission.Passages.Count;
            pages += submission.Pages.Count;
            copied?.Invoke(submission);
        }
        return new CopyReport(documents, passages, pages, failures);
    }
}

/// <summary>What <see cref="SqliteStoreExport.CopyToAsync"/> wrote, and the documents it could not.</summary>
public sealed record CopyReport(int Documents, int Passages, int Pages, IReadOnlyList<(string DocumentId, string Reason)> Failures);
