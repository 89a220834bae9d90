using System.Security.Cryptography;
using KnowledgeBase.Configuration;
using KnowledgeBase.Embeddings;
using KnowledgeBase.Ingestion.Chunking;
using KnowledgeBase.Ingestion.Metadata;
using KnowledgeBase.Ingestion.Ocr;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Model;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Ingestion.Pipeline;

/// <summary>
/// One file in, one document out: limits → content hash (skip if unchanged, link to a twin the submitter may see) → sniff format →
/// parse (bounded in time) → OCR of the pages the parser could not read (bounded per page and per document) →
/// passages → keep the original → store, atomically. Any refusal becomes an <see cref="IngestOutcome"/> with a
/// reason, recorded in the ledger; it never stops a batch.
/// </summary>
public sealed class IngestPipeline(
    IEnumerable<IDocumentParser> parsers,
    PassageChunker chunker,
    IKnowledgeStore store,
    IIngestLedger ledger,
    IOriginalFileStore originals,
    IOptions<IngestOptions> options,
    ILogger<IngestPipeline> logger,
    IPassageEmbedder? embedder = null,
    OcrStage? ocr = null)
{
    // After the embedder fails once, the rest of the run stays lexical instead of waiting out retries per file.
    private volatile bool _embedderDown;
    private readonly IngestOptions _options = options.Value;
    private readonly Dictionary<FileFormat, IDocumentParser> _parsers = parsers.ToDictionary(p => p.Format);

    /// <summary>Ingests a file from disk. <paramref name="metadata"/> overrides what the parser finds.</summary>
    public async Task<IngestOutcome> IngestFileAsync(string path, DocumentMetadata? metadata = null, CancellationToken cancellationToken = default)
    {
        var source = Path.GetFullPath(path);
        try
        {
            var info = new FileInfo(source);
            if (!info.Exists) throw new UnreadableDocumentException(FailureKind.Transient, "file not found");
            if (info.Length == 0) throw new UnreadableDocumentException(FailureKind.Empty, "empty file (0 bytes)");
            if (info.Length > _options.MaxFileBytes)
                throw new UnreadableDocumentException(FailureKind.TooLarge, $"file is {info.Length / 1048576.0:F1} MiB, over the {_options.MaxFileBytes / 1048576.0:F0} MiB limit");
            var content = await File.ReadAllBytesAsync(source, cancellationToken);
            return await IngestAsync(source, Path.GetFileName(source), content, metadata, documentId: null, cancellationToken);
        }
        catch (UnreadableDocumentException e)
        {
            return await FailAsync(source, "", e, cancellationToken);
        }
        catch (IOException e)
        {
            return await FailAsync(source, "", new UnreadableDocumentException(FailureKind.Transient, "could not read the file: " + e.Message, e), cancellationToken);
        }
        catch (UnauthorizedAccessException e)
        {
            return await FailAsync(source, "", new UnreadableDocumentException(FailureKind.Transient, "no permission to read the file", e), cancellationToken);
        }
    }

    /// <summary>Ingests bytes that arrived some other way (upload, queue). <paramref name="documentId"/> pins the id.</summary>
    public async Task<IngestOutcome> IngestAsync(string source, string fileName, ReadOnlyMemory<byte> content, DocumentMetadata? metadata, string? documentId, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        try
        {
            if (content.Length == 0) throw new UnreadableDocumentException(FailureKind.Empty, "empty file (0 bytes)");
            if (content.Length > _options.MaxFileBytes) throw new UnreadableDocumentException(FailureKind.TooLarge, $"file is over the {_options.MaxFileBytes / 1048576.0:F0} MiB limit");

            var known = await ledger.GetSourceAsync(source, cancellationToken);
            if (known is not null && known.ContentHash == hash
                && (await store.GetDocumentAsync(known.DocumentId, AccessScope.Everything, cancellationToken))?.ContentHash == hash)
                return new IngestOutcome(source, IngestStatus.Unchanged, known.DocumentId);

            // Only a twin the submitter may see: linking to one it may not see would tell it the library holds these bytes
            // and leave it nothing to see, so such an upload becomes a document of its own (same bytes, its own metadata).
            var target = documentId ?? known?.DocumentId;
            var twin = await store.FindByContentHashAsync(hash, AccessScope.OfSubmitter(metadata), cancellationToken);
            if (twin is not null && twin.Id != target && !await HoldsAsync(target, hash, cancellationToken))
            {
                await ledger.AddSourceAsync(new SourceState(source, twin.Id, hash), cancellationToken);
                return new IngestOutcome(source, IngestStatus.Duplicate, twin.Id, twin.PageCount, twin.PassageCount);
            }

            var id = documentId ?? known?.DocumentId ?? DocumentIds.ForSource(source);
            var format = FormatSniffer.Detect(content.Span, fileName);
            if (format == FileFormat.Unknown || !_parsers.TryGetValue(format, out var parser))
                throw new UnreadableDocumentException(FailureKind.Unsupported, FormatSniffer.DescribeUnsupported(content.Span, fileName));

            // Invisible characters go here, once for every format, before anything reads the text.
            var parsed = InvisibleCharacters.Remove(await ParseBoundedAsync(parser, content, fileName, cancellationToken));
            var ocrSummary = OcrSummary.None;
            if (parsed.OcrRequests.Count > 0)
            {
                if (ocr is null)
                    ocrSummary = new OcrSummary(parsed.OcrRequests.Count, 0, ["OCR is not set up in this program"]);
                else
                    (parsed, ocrSummary) = await Task.Run(() => ocr.Apply(parsed, format, content, fileName, cancellationToken), cancellationToken);
            }
            // The text (OCR'd pages included) and the file name complete the metadata the parser found: title, issue
            // date, issuing body, type.
            parsed = DocumentMetadataReader.Complete(parsed, fileName);
            if (parsed.Pages.All(p => string.IsNullOrWhiteSpace(p.Text)))
            {
                throw format is FileFormat.Pdf or FileFormat.Ofd
                    ? new UnreadableDocumentException(FailureKind.NoText, NoTextReason(ocrSummary))
                    : new UnreadableDocumentException(FailureKind.Empty, "the file contains no text");
            }

            var passages = chunker.Chunk(id, parsed);
            var vectors = await EmbedAsync(source, passages, cancellationToken);
            await using (var bytes = ReadOnly(content))
                await originals.SaveAsync(hash, Path.GetExtension(fileName), bytes, cancellationToken);
            var document = new DocumentRecord(
                id,
                Title: FirstNonEmpty(metadata?.Title, parsed.Title, Path.GetFileNameWithoutExtension(fileName)),
                Source: source,
                ContentHash: hash,
                MediaType: format.MediaType(),
                PageCount: parsed.Pages.Count,
                PassageCount: passages.Count,
                Metadata: Merge(metadata, parsed),
                IngestedAt: DateTimeOffset.UtcNow);
            await store.UpsertAsync(new DocumentSubmission(document, parsed.Pages, passages, vectors), cancellationToken);
            logger.LogInformation("Ingested {Source} as {DocumentId}: {Pages} pages, {Passages} passages", source, id, parsed.Pages.Count, passages.Count);
            if (ocrSummary.Problems.Count > 0)
                logger.LogWarning("{Source}: stored without the text of some pages: {Problems}", source, ocrSummary.Describe());
            return new IngestOutcome(source, known is null ? IngestStatus.Ingested : IngestStatus.Updated, id, parsed.Pages.Count, passages.Count)
            {
                PageProblems = ocrSummary.Problems,
            };
        }
        catch (UnreadableDocumentException e)
        {
            return await FailAsync(source, hash, e, cancellationToken);
        }
    }

    /// <summary>Whether the document being re-ingested already holds these bytes: then it is updated in place, never linked to a twin.</summary>
    private async Task<bool> HoldsAsync(string? documentId, string hash, CancellationToken cancellationToken) =>
        documentId is not null && (await store.GetDocumentAsync(documentId, AccessScope.Everything, cancellationToken))?.ContentHash == hash;

    /// <summary>Passage vectors, or null (no embedder, or it is unavailable: the passages are embedded later by the backfill).</summary>
    private async Task<IReadOnlyList<ReadOnlyMemory<float>>?> EmbedAsync(string source, IReadOnlyList<Passage> passages, CancellationToken cancellationToken)
    {
        if (embedder is null || _embedderDown || passages.Count == 0) return null;
        try
        {
            return await embedder.EmbedPassagesAsync(passages, cancellationToken);
        }
        catch (EmbeddingUnavailableException e)
        {
            _embedderDown = true;
            logger.LogWarning("Embedding unavailable while ingesting {Source}; storing lexical data, passages stay pending for `kb reindex --embeddings`: {Reason}", source, e.Message);
            return null;
        }
    }

    private async Task<ParsedDocument> ParseBoundedAsync(IDocumentParser parser, ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ParseTimeout);
        var work = Task.Run(() => parser.Parse(content, fileName, timeout.Token), timeout.Token);
        try
        {
            return await work.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UnreadableDocumentException(FailureKind.Timeout, $"parsing took longer than {_options.ParseTimeout.TotalSeconds:F0} s");
        }
        catch (UnreadableDocumentException)
        {
            throw;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // Parsers are given hostile input; whatever they throw is this file's problem, not the batch's.
            throw new UnreadableDocumentException(FailureKind.Corrupt, $"corrupt or unreadable {parser.Format} file: {e.Message}", e);
        }
    }

    private async Task<IngestOutcome> FailAsync(string source, string hash, UnreadableDocumentException e, CancellationToken cancellationToken)
    {
        logger.LogWarning("Failed to ingest {Source}: {Reason}", source, e.Message);
        await ledger.RecordFailureAsync(new IngestFailureRecord(source, hash, e.Kind.ToString(), e.Message, DateTimeOffset.UtcNow), cancellationToken);
        return new IngestOutcome(source, IngestStatus.Failed, FailureKind: e.Kind, Reason: e.Message);
    }

    private static string NoTextReason(OcrSummary ocr) => ocr switch
    {
        { Requested: 0 } => "no extractable text and no page image to read",
        { Problems.Count: > 0 } => $"no extractable text, and OCR could not read the page images: {ocr.Describe()}",
        _ => "no extractable text, and OCR found no text in the page images",
    };

    /// <summary>The bytes as a stream without copying them (the pipeline's content is array-backed).</summary>
    private static MemoryStream ReadOnly(ReadOnlyMemory<byte> content) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);

    /// <summary>What the uploader said wins field by field over what the file says; an issue date that contradicts a given year is dropped.</summary>
    private static DocumentMetadata Merge(DocumentMetadata? given, ParsedDocument parsed)
    {
        var issuedOn = given?.IssuedOn ?? (given?.Year is { } year && parsed.IssuedOn?.Year != year ? null : parsed.IssuedOn);
        return (given ?? new DocumentMetadata()) with
        {
            Author = given?.Author ?? parsed.Author,
            IssuedOn = issuedOn,
            Year = given?.Year ?? issuedOn?.Year ?? parsed.Year,
            Organisation = given?.Organisation ?? parsed.Organisation,
            DocumentType = given?.DocumentType ?? parsed.DocumentType,
            Language = given?.Language ?? LanguageGuess.Of(parsed.Pages.Select(p => p.Text)),
        };
    }

    private static string FirstNonEmpty(params string?[] values) => values.First(v => !string.IsNullOrWhiteSpace(v))!.Trim();
}
