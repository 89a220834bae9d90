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
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddKnowledgeBase(configuration);
        extra?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Writes the synthetic corpus through <see cref="IKnowledgeStore.UpsertAsync"/>, one document per call, one writer per core.</summary>
    public static async Task<int> BuildAsync(IKnowledgeStore store, IEnumerable<DocumentSubmission> documents, Action<int> progress)
    {
        var written = 0;
        await Parallel.ForEachAsync(documents, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (doc, ct) =>
        {
            await store.UpsertAsync(doc, ct);
            progress(Interlocked.Add(ref written, doc.Passages.Count));
        });
        return written;
    }

    /// <summary>Folds the write-ahead log into the database so the file size on disk is the index size.</summary>
    public static void Checkpoint(SqliteDatabase database)
    {
        using var connection = database.Open();
        SqliteDatabase.Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    /// <summary>The product search path: analyse, run the signals in SQLite with the filter inside, fuse, highlight.</summary>
    public static Task<SearchResponse> SearchAsync(SearchService search, string query, AccessScope scope) =>
        search.SearchAsync(new SearchRequest(query, new SearchFilter(scope), 10));
}

/// <summary>
/// Where a kb query spends its time, measured from outside the product: query analysis, each FTS signal run alone
/// through <see cref="IKnowledgeStore.RetrieveAsync"/>, and the bare FTS5 MATCH … ORDER BY bm25 LIMIT without the
/// joins and filter (to tell the full-text ranking apart from the join to passages and documents).
/// </summary>
internal sealed class KbQueryProfile(QueryAnalyzer analyzer, IKnowledgeStore store, SqliteDatabase database, int perSignal)
{
    public readonly List<double> Analyze = [], Words = [], Bigrams = [], BareWords = [], BareBigrams = [], BigramMatches = [], WordMatches = [],
        JoinedWords = [], JoinedBigrams = [], TopFirstWords = [], TopFirstBigrams = [], RankBigrams = [];

    public async Task RunAsync(string query)
    {
        var clock = Stopwatch.StartNew();
        var analyzed = analyzer.Analyze(query);
        Analyze.Add(clock.Elapsed.TotalMilliseconds);
        var filter = new SearchFilter(AccessScope.Everything);
        var r = analyzed.Retrieval;

        clock.Restart();
        await store.RetrieveAsync(r with { Bigrams = [], Expansions = [] }, filter, perSignal);
        Words.Add(clock.Elapsed.TotalMilliseconds);
        clock.Restart();
        await store.RetrieveAsync(r with { Words = [], Expansions = [] }, filter, perSignal);
        Bigrams.Add(clock.Elapsed.TotalMilliseconds);

        using var connection = database.Open();
        BareWords.Add(Bare(connection, "passage_words", "bm25(passage_words, 3.0, 2.0, 1.0)", r.Words));
        BareBigrams.Add(Bare(connection, "passage_bigrams", "bm25(passage_bigrams, 2.0, 1.0)", r.Bigrams));
        JoinedWords.Add(Joined(connection, "passage_words", "bm25(passage_words, 3.0, 2.0, 1.0)", r.Words));
        JoinedBigrams.Add(Joined(connection, "passage_bigrams", "bm25(passage_bigrams, 2.0, 1.0)", r.Bigrams));
        TopFirstWords.Add(TopFirst(connection, "passage_words", "bm25(passage_words, 3.0, 2.0, 1.0)", r.Words));
        TopFirstBigrams.Add(TopFirst(connection, "passage_bigrams", "bm25(passage_bigrams, 2.0, 1.0)", r.Bigrams));
        RankBigrams.Add(RankColumn(connection, "passage_bigrams", "bm25(2.0, 1.0)", r.Bigrams));
        WordMatches.Add(Count(connection, "passage_words", r.Words));
        BigramMatches.Add(Count(connection, "passage_bigrams", r.Bigrams));
    }

    private double Bare(SqliteConnection connection, string table, string rank, IReadOnlyList<string> terms)
    {
        if (terms.Count == 0) return 0;
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT rowid FROM {table} WHERE {table} MATCH $m ORDER BY {rank} LIMIT {perSignal}";
        command.Parameters.AddWithValue("$m", Match(terms));
        var clock = Stopwatch.StartNew();
        using var reader = command.ExecuteReader();
        while (reader.Read()) { }
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>The product's signal query shape (RankSignal with an everything scope: filter 1=1), timed alone.</summary>
    private double Joined(SqliteConnection connection, string table, string rank, IReadOnlyList<string> terms) => Time(connection, terms, $"""
        SELECT f.rowid FROM {table} f JOIN passages p ON p.pid = f.rowid JOIN documents d ON d.id = p.document_id
        WHERE {table} MATCH $m AND 1=1 ORDER BY {rank} LIMIT {perSignal}
        """);

    /// <summary>Proposed shape: rank inside FTS5 first (4× the limit), then join and filter only those rows.</summary>
    private double TopFirst(SqliteConnection connection, string table, string rank, IReadOnlyList<string> terms) => Time(connection, terms, $"""
        SELECT f.rowid FROM (SELECT rowid, {rank} AS score FROM {table} WHERE {table} MATCH $m ORDER BY score LIMIT {perSignal * 4}) f
        JOIN passages p ON p.pid = f.rowid JOIN documents d ON d.id = p.document_id
        WHERE 1=1 ORDER BY f.score LIMIT {perSignal}
        """);

    /// <summary>FTS5's rank column with the weights given through <c>rank MATCH</c> instead of calling bm25() in ORDER BY.</summary>
    private double RankColumn(SqliteConnection connection, string table, string rankFunction, IReadOnlyList<string> terms) => Time(connection, terms,
        $"SELECT rowid FROM {table} WHERE {table} MATCH $m AND rank MATCH '{rankFunction}' ORDER BY rank LIMIT {perSignal}");

    private static double Time(SqliteConnection connection, IReadOnlyList<string> terms, string sql)
    {
        if (terms.Count == 0) return 0;
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$m", Match(terms));
        var clock = Stopwatch.StartNew();
        using var reader = command.ExecuteReader();
        while (reader.Read()) { }
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Count(SqliteConnection connection, string table, IReadOnlyList<string> terms)
    {
        if (terms.Count == 0) return 0;
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table} WHERE {table} MATCH $m";
        command.Parameters.AddWithValue("$m", Match(terms));
        return Convert.ToDouble(command.ExecuteScalar());
    }

    private static string Match(IEnumerable<string> terms) => string.Join(" OR ", terms.Select(t => "\"" + t.Replace("\"", "\"\"") + "\""));
}
