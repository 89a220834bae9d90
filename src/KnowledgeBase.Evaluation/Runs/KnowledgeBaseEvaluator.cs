using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using KnowledgeBase.Evaluation.Beir;
using KnowledgeBase.Evaluation.Metrics;
using KnowledgeBase.Ingestion.Chunking;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Text;

namespace KnowledgeBase.Evaluation.Runs;

/// <summary>How a run turns passage hits into a document ranking.</summary>
/// <param name="Documents">Length of the document ranking scored (Recall@100 needs 100).</param>
/// <param name="Passages">Passages asked of the search per query; several passages of one document collapse into one entry, so this must exceed <paramref name="Documents"/>.</param>
public sealed record EvaluationSettings(int Documents = 100, int Passages = 300);

/// <summary>One query's outcome, for per-query inspection.</summary>
public sealed record QueryOutcome(string QueryId, string Query, IReadOnlyList<string> Ranking, double LatencyMs);

/// <summary>
/// Evaluates the knowledge base's own search: indexes corpus entries through the real chunker and store, then sends
/// every judged query through the real <see cref="SearchService"/> (access scope Everything) and scores the document
/// ranking made of each document's first passage hit.
/// </summary>
public sealed class KnowledgeBaseEvaluator(IKnowledgeStore store, PassageChunker chunker, SearchService search)
{
    /// <summary>
    /// Writes each corpus entry as one single-page document whose id is the entry's id, title its title and text its text.
    /// Entries are analysed in parallel and written in batches (<see cref="IKnowledgeStore.UpsertManyAsync"/>); the store
    /// serialises the writes. <paramref name="progress"/> gets the count done.
    /// </summary>
    public async Task IndexAsync(IReadOnlyList<CorpusEntry> corpus, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var done = 0;
        await Parallel.ForEachAsync(corpus.Chunk(WriteBatch), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            async (entries, ct) =>
            {
                await store.UpsertManyAsync(entries.Select(ToSubmission).ToList(), ct);
                progress?.Invoke(Interlocked.Add(ref done, entries.Length));
            });
    }

    /// <summary>Corpus entries per write transaction: large enough that common terms are appended once per batch.</summary>
    private const int WriteBatch = 64;

    /// <summary>The submission a corpus entry becomes: one page, passages from the real chunker.</summary>
    public DocumentSubmission ToSubmission(CorpusEntry entry)
    {
        // An entry with a title but no text would get no passage and could never be found; its title is then its text.
        var text = string.IsNullOrWhiteSpace(entry.Text) ? entry.Title : entry.Text;
        var parsed = new ParsedDocument([new DocumentPage(1, text)], [], entry.Title);
        var passages = chunker.Chunk(entry.Id, parsed);
        var record = new DocumentRecord(
            entry.Id,
            Title: entry.Title,
            Source: entry.Id,
            ContentHash: Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entry.Title + "\n" + entry.Text))),
            MediaType: "text/plain",
            PageCount: 1,
            PassageCount: passages.Count,
            Metadata: new DocumentMetadata { Title = entry.Title, Language = LanguageGuess.Of([entry.Title, text]) },
            IngestedAt: DateTimeOffset.UtcNow);
        return new DocumentSubmission(record, parsed.Pages, passages);
    }

    /// <summary>
    /// Runs the judged queries one after another and scores them. Latency is measured around
    /// <see cref="SearchService.SearchAsync"/> only; one unmeasured warm-up query runs first so JIT and cache warm-up
    /// do not land in the first sample. <paramref name="documentKey"/> names the document a hit counts as
    /// (its id for BEIR sets, its source file name for document-level qrels).
    /// </summary>
    public async Task<(EvalResult Result, IReadOnlyList<QueryOutcome> Outcomes)> RunAsync(
        string system, IReadOnlyList<EvalQuery> queries, Qrels qrels, Func<SearchHit, string> documentKey, EvaluationSettings settings,
        Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var judged = queries.Where(q => qrels.HasRelevant(q.Id)).ToList();
        var accumulator = new RunAccumulator(qrels);
        var outcomes = new List<QueryOutcome>(judged.Count);
        if (judged.Count > 0) await search.SearchAsync(Request(judged[0].Text, settings), cancellationToken);
        foreach (var query in judged)
        {
            var clock = Stopwatch.StartNew();
            var response = await search.SearchAsync(Request(query.Text, settings), cancellationToken);
            clock.Stop();
            var ranking = response.Results.Select(documentKey).Distinct(StringComparer.Ordinal).Take(settings.Documents).ToList();
            accumulator.Add(query.Id, ranking, clock.Elapsed.TotalMilliseconds);
            outcomes.Add(new QueryOutcome(query.Id, query.Text, ranking, clock.Elapsed.TotalMilliseconds));
            progress?.Invoke(outcomes.Count);
        }
        return (accumulator.Result(system), outcomes);
    }

    private static SearchRequest Request(string text, EvaluationSettings settings) =>
        new(text, new SearchFilter(AccessScope.Everything), settings.Passages);
}
