using System.Globalization;
using KnowledgeBase.Model;
using Microsoft.Data.Sqlite;

namespace KnowledgeBase.Storage.Embedded;

/// <summary>
/// Inserts a document's catalogue rows (document, shares, tags, pages, passages, source) inside the caller's write
/// transaction, with statements prepared once per transaction so a batch of documents reuses them.
/// </summary>
internal sealed class DocumentWriter : IDisposable
{
    private readonly SqliteCommand _document, _share, _tag, _page, _passage, _source, _clearFailure;

    public DocumentWriter(SqliteConnection connection, SqliteTransaction transaction)
    {
        _document = Prepare(connection, transaction, """
            INSERT INTO documents(id, title, source, content_hash, media_type, page_count, passage_count, author, organisation, year,
                                  doc_type, language, visibility, owner_org, pending, ingested_at, pid_start, pid_end, issued_on)
            VALUES ($id, $title, $source, $hash, $media, $pages, $passages, $author, $org, $year, $type, $lang, $vis, $owner, $pending, $at, $pid_start, $pid_end, $issued)
            """, "$id", "$title", "$source", "$hash", "$media", "$pages", "$passages", "$author", "$org", "$year", "$type", "$lang",
            "$vis", "$owner", "$pending", "$at", "$pid_start", "$pid_end", "$issued");
        _share = Prepare(connection, transaction, "INSERT INTO document_shares(document_id, organisation) VALUES ($id, $org)", "$id", "$org");
        _tag = Prepare(connection, transaction, "INSERT INTO document_tags(document_id, tag) VALUES ($id, $tag)", "$id", "$tag");
        _page = Prepare(connection, transaction, "INSERT INTO pages(document_id, number, text) VALUES ($doc, $n, $text)", "$doc", "$n", "$text");
        _passage = Prepare(connection, transaction, """
            INSERT INTO passages(pid, id, document_id, ordinal, page, page_end, start_offset, end_offset, heading_path, text, norm_text, ocr_confidence)
            VALUES ($pid, $id, $doc, $ord, $page, $page_end, $start, $end, $head, $text, $norm, $ocr)
            """, "$pid", "$id", "$doc", "$ord", "$page", "$page_end", "$start", "$end", "$head", "$text", "$norm", "$ocr");
        _source = Prepare(connection, transaction, """
            INSERT INTO sources(source, document_id, content_hash, updated_at) VALUES ($source, $id, $hash, $at)
            ON CONFLICT(source) DO UPDATE SET document_id = excluded.document_id, content_hash = excluded.content_hash, updated_at = excluded.updated_at
            """, "$source", "$id", "$hash", "$at");
        _clearFailure = Prepare(connection, transaction, "DELETE FROM failures WHERE source = $source", "$source");
    }

    /// <summary>
    /// Writes the rows of a document whose passages the lexical index numbered from <paramref name="firstPid"/>
    /// (a document's pids are consecutive). Recording its source also clears an earlier failure of that source.
    /// </summary>
    public void Write(DocumentSubmission submission, long firstPid, IReadOnlyList<string> normalizedTexts)
    {
        var document = submission.Document;
        var m = document.Metadata;
        Exec(_document, document.Id, document.Title, document.Source, document.ContentHash, document.MediaType, document.PageCount,
            submission.Passages.Count, m.Author, m.Organisation, m.Year, m.DocumentType, m.Language, (int)m.Visibility,
            m.OwnerOrganisation, m.PendingReview ? 1 : 0, document.IngestedAt.ToString("O", CultureInfo.InvariantCulture),
            firstPid, firstPid + submission.Passages.Count, m.IssuedOn?.ToString(DocumentRows.IsoDate, CultureInfo.InvariantCulture));
        foreach (var org in m.SharedWith.Distinct()) Exec(_share, document.Id, org);
        foreach (var tag in m.Tags.Distinct()) Exec(_tag, document.Id, tag);
        foreach (var p in submission.Pages) Exec(_page, document.Id, p.Number, p.Text);
        for (var i = 0; i < submission.Passages.Count; i++)
        {
            var p = submission.Passages[i];
            Exec(_passage, firstPid + i, p.Id, document.Id, p.Ordinal, p.Page, p.PageEnd, p.StartOffset, p.EndOffset, p.HeadingPath,
                p.Text, normalizedTexts[i], p.OcrConfidence);
        }
        Exec(_source, document.Source, document.Id, document.ContentHash, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        Exec(_clearFailure, document.Source);
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction transaction, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in names) command.Parameters.Add(new SqliteParameter(name, null));
        command.Prepare();
        return command;
    }

    private static void Exec(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in new[] { _document, _share, _tag, _page, _passage, _source, _clearFailure }) command.Dispose();
    }
}
