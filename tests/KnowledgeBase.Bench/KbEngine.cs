using System.Diagnostics;
using KnowledgeBase.Hosting;
using KnowledgeBase.Model;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded;
using KnowledgeBase.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Bench;

/// <summary>kb's embedded store wired exactly as the CLI wires it (AddKnowledgeBase), over a given data directory.</summary>
internal static class KbEngine
{
    public static ServiceProvider Services(string dataDirectory, Action<IServiceCollection>? extra = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["KnowledgeBase:DataDirectory"] = dataDirectory,
        }).AddEnvironmentVariables("KB_").Build(); // as the CLI reads settings: KB_KnowledgeBase__Section__Key=value
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddKnowledgeBase(configuration);
        extra?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Writes the synthetic corpus through <see cref="IKnowledgeStore.UpsertManyAsync"/>, <paramref name="batch"/> documents
    /// per call, one writer per core (one analyses its batch while the other holds the write lock).
    /// </summary>
    public static async Task<int> BuildAsync(IKnowledgeStore store, IEnumerable<DocumentSubmission> documents, int batch, Action<int> progress)
    {
        var written = 0;
        await Parallel.ForEachAsync(documents.Chunk(Math.Max(batch, 1)), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (docs, ct) =>
        {
            await store.UpsertManyAsync(docs, ct);
            progress(Interlocked.Add(ref written, docs.Sum(d => d.Passages.Count)));
        });
        return written;
    }

    /// <summary>Folds the write-ahead log into the database so the file size on disk is the index size.</summary>
    public static void Checkpoint(SqliteDatabase database)
    {
        using var connection = database.Open();
        SqliteDatabase.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    /// <summary>The product search path: analyse, rank the signals over the store's postings with the filter inside, fuse, highlight.</summary>
    public static Task<SearchResponse> SearchAsync(SearchService search, string query, AccessScope scope) =>
        search.SearchAsync(new SearchRequest(query, new SearchFilter(scope), 10));
}

/// <summary>
/// Where a kb query spends its time, measured from outside the product: query analysis, each lexical signal run alone
/// through <see cref="IKnowledgeStore.RetrieveAsync"/>, all of them together for everything and for the public scope
/// (the access filter inside the scoring loop), and how many postings the query's terms hold (the work BM25 does).
/// </summary>
internal sealed class KbQueryProfile(QueryAnalyzer analyzer, IKnowledgeStore store, SqliteDatabase database, int perSignal)
{
    public readonly List<double> Analyze = [], Words = [], Expansions = [], Bigrams = [], AllLexical = [], PublicScope = [], WordPostings = [], BigramPostings = [];

    public async Task RunAsync(string query)
    {
        var clock = Stopwatch.StartNew();
        var analyzed = analyzer.Analyze(query);
        Analyze.Add(clock.Elapsed.TotalMilliseconds);
        var everything = new SearchFilter(AccessScope.Everything);
        var r = analyzed.Retrieval with { Vector = null };

        Words.Add(await TimeAsync(r with { Bigrams = [], Expansions = [] }, everything));
        Expansions.Add(await TimeAsync(r with { Words = [], Bigrams = [] }, everything));
        Bigrams.Add(await TimeAsync(r with { Words = [], Expansions = [] }, everything));
        AllLexical.Add(await TimeAsync(r, everything));
        PublicScope.Add(await TimeAsync(r, new SearchFilter(AccessScope.PublicOnly)));

        using var connection = database.Open();
        WordPostings.Add(Postings(connection, 0, r.Words.Concat(r.Expansions)));
        BigramPostings.Add(Postings(connection, 1, r.Bigrams));
    }

    private async Task<double> TimeAsync(RetrievalQuery query, SearchFilter filter)
    {
        var clock = Stopwatch.StartNew();
        await store.RetrieveAsync(query, filter, perSignal);
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Postings(SqliteConnection connection, int field, IEnumerable<string> terms)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(sum(count), 0) FROM lex_postings WHERE field = $field AND term IN (SELECT value FROM json_each($terms))";
        command.Parameters.AddWithValue("$field", field);
        command.Parameters.AddWithValue("$terms", System.Text.Json.JsonSerializer.Serialize(terms.Distinct().ToList()));
        return Convert.ToDouble(command.ExecuteScalar());
    }
}
