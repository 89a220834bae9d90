using KnowledgeBase.Bench;
using KnowledgeBase.Retrieval;
using KnowledgeBase.Security;
using KnowledgeBase.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KnowledgeBase.Tests.Bench;

/// <summary>
/// The benchmark's own parts on tiny sizes: option parsing, percentiles, the seeded generator, and both engines
/// building and answering. No timing is asserted — speed is what the benchmark prints, not what a test checks.
/// </summary>
[Trait("Category", "Slow")]
public sealed class BenchSmokeTests
{
    [Fact]
    public void Sizes_accept_suffixes_and_lists()
    {
        var options = BenchOptions.Parse(["--passages", "10k,100k,1m", "--json", "--seed", "7"]);
        Assert.Equal([10_000, 100_000, 1_000_000], options.Passages);
        Assert.True(options.Json);
        Assert.Equal(7, options.Seed);
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--no-such-option"]));
    }

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var latency = Latency.Of(Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToList());
        Assert.Equal(50, latency.P50Ms);
        Assert.Equal(95, latency.P95Ms);
        Assert.Equal(99, latency.P99Ms);
        Assert.Equal(100, latency.MaxMs);
        Assert.Equal(0, Latency.Of([]).Count);
    }

    [Fact]
    public void Synthetic_corpus_is_real_sentences_recombined_and_reproducible_from_its_seed()
    {
        var corpus = TestServices.SharedCorpus();
        if (corpus is null) Assert.Skip("shared corpus not found beside the checkout");
        var sentences = CorpusText.Load(corpus).Sentences();
        var first = new SyntheticCorpus(sentences, 42, 300, 40).Documents(250).ToList();
        var again = new SyntheticCorpus(sentences, 42, 300, 40).Documents(250).ToList();
        var other = new SyntheticCorpus(sentences, 43, 300, 40).Documents(250).ToList();

        Assert.Equal(250, first.Sum(d => d.Passages.Count));
        Assert.Equal(first.SelectMany(d => d.Passages).Select(p => p.Text), again.SelectMany(d => d.Passages).Select(p => p.Text));
        Assert.NotEqual(first.SelectMany(d => d.Passages).Select(p => p.Text), other.SelectMany(d => d.Passages).Select(p => p.Text));
        var known = sentences.ToHashSet(StringComparer.Ordinal);
        Assert.All(first.SelectMany(d => d.Passages), p => Assert.Contains(known, s => p.Text.StartsWith(s, StringComparison.Ordinal)));
        // Passage offsets point into the page text the store keeps for citations.
        foreach (var d in first)
            foreach (var p in d.Passages)
                Assert.Equal(p.Text, d.Pages[p.Page - 1].Text[p.StartOffset..p.EndOffset]);
    }

    [Fact]
    public async Task Both_engines_build_the_same_tiny_corpus_and_answer_its_queries()
    {
        var corpus = TestServices.SharedCorpus();
        if (corpus is null) Assert.Skip("shared corpus not found beside the checkout");
        var documents = new SyntheticCorpus(CorpusText.Load(corpus).Sentences(), 5, 200, 50).Documents(200).ToList();
        var queries = documents.SelectMany(d => d.Passages).Where((_, i) => i % 40 == 0).Select(p => p.Text[..8]).ToList();
        var dir = TestServices.TempDirectory();

        await using var services = KbEngine.Services(Path.Combine(dir, "kb"));
        Assert.Equal(200, await KbEngine.BuildAsync(services.GetRequiredService<IKnowledgeStore>(), documents, 3, _ => { }));
        Assert.Equal(200, LuceneEngine.Build(Path.Combine(dir, "lucene"), documents, _ => { }));

        var search = services.GetRequiredService<SearchService>();
        using var lucene = new LuceneSearcher(Path.Combine(dir, "lucene"));
        foreach (var q in queries)
        {
            Assert.NotEmpty((await KbEngine.SearchAsync(search, q, AccessScope.Everything)).Results);
            Assert.True(lucene.Search(q) > 0, $"Lucene found nothing for {q}");
        }
    }
}
