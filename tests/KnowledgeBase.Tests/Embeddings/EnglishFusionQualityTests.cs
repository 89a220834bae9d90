using System.Security.Cryptography;
using System.Text;
using KnowledgeBase.Embeddings;
using KnowledgeBase.Evaluation.Beir;
using KnowledgeBase.Evaluation.Metrics;
using KnowledgeBase.Evaluation.Runs;
using KnowledgeBase.Hosting;
using KnowledgeBase.Ingestion.Chunking;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Storage;
using KnowledgeBase.Storage.Embedded.Vectors;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Embeddings;

/// <summary>
/// The dense path's quality requirement on the committed part of the English set (Fixtures/eval-en: 32 passages of three
/// openly licensed English documents, 34 queries with graded judgements, built by tools/eval-en/build.py): lexical
/// search fused with the real all-MiniLM-L6-v2 must rank better than lexical search alone, through the same runner
/// and wiring <c>kb eval --embedder minilm</c> uses.
/// </summary>
[Trait("Category", "Slow")]
public sealed class EnglishFusionQualityTests
{
    // Measured with kb eval --beir tests/KnowledgeBase.Tests/Fixtures/eval-en --no-baseline [--embedder minilm]:
    // lexical nDCG@10 0.855, lexical + MiniLM 0.892, MiniLM alone 0.884. The required gain is about half the measured one, so a fusion that stops adding the dense list, a broken pooling or tokenizer, or a query embedded with the
    // passage settings fails, while small changes to the lexical side do not.
    private const double RequiredGain = 0.02;

    private static readonly string SetFolder = TestServices.Fixture("eval-en");

    [Fact]
    public async Task Lexical_plus_minilm_ranks_the_english_set_better_than_lexical_alone()
    {
        var set = BeirDataset.Load(SetFolder);
        Assert.Equal(34, set.JudgedQueries.Count);

        var lexical = await RunAsync(set, "none");
        var fused = await RunAsync(set, "minilm");

        TestContext.Current.SendDiagnosticMessage($"lexical: {lexical}");
        TestContext.Current.SendDiagnosticMessage($"fusion:  {fused}");
        Assert.True(fused.Ndcg10 >= lexical.Ndcg10 + RequiredGain,
            $"lexical + MiniLM nDCG@10 {fused.Ndcg10:F4} is not {RequiredGain} above lexical alone {lexical.Ndcg10:F4}");
        Assert.True(fused.Recall100 >= lexical.Recall100, $"fusion lost recall: {fused.Recall100:F4} < {lexical.Recall100:F4}");
    }

    [Fact]
    public void Committed_passages_are_the_ones_the_judgements_were_written_against()
    {
        // The generator's hash list lives beside it in tools/eval-en; a fixture edited by hand (or rebuilt with a
        // different split) would no longer match the judgements.
        var hashes = FindHashList();
        if (hashes is null) Assert.Skip("tools/eval-en/passages.sha256 not found above the test output folder");
        var expected = File.ReadLines(hashes)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => p[1]);

        var corpus = BeirDataset.ReadCorpus(Path.Combine(SetFolder, "corpus.jsonl"));
        Assert.NotEmpty(corpus);
        foreach (var entry in corpus)
        {
            var actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(entry.Title + "\n" + entry.Text)));
            Assert.True(expected.TryGetValue(entry.Id, out var want), $"{entry.Id} is not in passages.sha256");
            Assert.Equal(want, actual);
        }
    }

    private static async Task<EvalResult> RunAsync(BeirDataset set, string embedder)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = TestServices.Create(TestServices.TempDirectory(), new Dictionary<string, string?>
        {
            ["KnowledgeBase:Retrieval:MaxTop"] = "300",
            ["KnowledgeBase:Embedder"] = embedder,
            ["KnowledgeBase:Embedding:Threads"] = "2",
        });
        var evaluator = new KnowledgeBaseEvaluator(services.GetRequiredService<IKnowledgeStore>(), services.GetRequiredService<PassageChunker>(),
            services.GetRequiredService<SearchService>());
        await evaluator.IndexAsync(set.Corpus, cancellationToken: ct);

        if (services.GetService<PassageEmbedder>() is { } passageEmbedder)
        {
            await services.EnsureEmbeddingModelAsync(ct);
            var backfill = services.GetRequiredService<VectorBackfill>();
            var pending = backfill.CountPending();
            Assert.True(pending >= set.Corpus.Count, $"only {pending} passages waiting for vectors");
            Assert.Equal(pending, await backfill.RunAsync(passageEmbedder.EmbedPassagesAsync, 32, cancellationToken: ct));
        }

        var (result, _) = await evaluator.RunAsync(embedder, set.JudgedQueries, set.Qrels, h => h.DocumentId, new EvaluationSettings(), cancellationToken: ct);
        return result;
    }

    private static string? FindHashList()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tools", "eval-en", "passages.sha256");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
