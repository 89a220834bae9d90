using System.Text.Json;
using KnowledgeBase.Embeddings;
using KnowledgeBase.Embeddings.Onnx;

namespace KnowledgeBase.Tests.Embeddings;

/// <summary>
/// The SentencePiece (XLM-R) path of the ONNX folder generator, against our own fixtures (Fixtures/tiny-xlmr: a
/// SentencePiece BPE model and a tiny ONNX graph — a fixed embedding table, no trained weights; Fixtures/tiny-xlmr-unigram:
/// a Unigram model, the kind XLM-R, multilingual-e5 and bge-m3 ship). No such real model can be obtained here; see the
/// fixtures' README. Expected ids come from the original sentencepiece library (Python, tools/tiny-xlmr/build.py),
/// so our tokenizer is checked against an independent implementation, including the fairseq id shift, NFKC
/// normalisation and Chinese text.
/// </summary>
public sealed class SentencePieceModelFolderTests
{
    private sealed record Sample(string Text, string[] Pieces, int[] Ids, float[] Vector);

    private sealed record Expected(string ModelType, int MaxTokens, int Dimension, Sample[] Samples);

    private static readonly Dictionary<string, Expected> References = new();

    private static Expected Reference(string fixture)
    {
        lock (References)
        {
            if (!References.TryGetValue(fixture, out var expected))
                References[fixture] = expected = JsonSerializer.Deserialize<Expected>(File.ReadAllText(TestServices.Fixture(Path.Combine(fixture, "expected.json"))),
                    new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
            return expected;
        }
    }

    private static ModelTokenizer Tokenizer(string fixture)
    {
        using var model = File.OpenRead(TestServices.Fixture(Path.Combine(fixture, "sentencepiece.bpe.model")));
        return ModelTokenizer.XlmRoberta(model);
    }

    public static TheoryData<string, int> Samples() =>
        new(from fixture in new[] { "tiny-xlmr", "tiny-xlmr-unigram" } from index in Enumerable.Range(0, 7) select (fixture, index));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Ids_are_sentencepiece_ids_shifted_into_the_fairseq_dictionary(string fixture, int index)
    {
        var sample = Reference(fixture).Samples[index];
        var encoded = Tokenizer(fixture).Encode(sample.Text, maxTokens: 10_000);

        Assert.False(encoded.Truncated);
        Assert.Equal(sample.Ids, encoded.Ids);
        Assert.Equal(0, encoded.Ids[0]);   // <s>
        Assert.Equal(2, encoded.Ids[^1]);  // </s>
    }

    [Theory]
    [InlineData("tiny-xlmr", "Bpe")]
    [InlineData("tiny-xlmr-unigram", "Unigram")]
    public void Special_ids_follow_xlm_r(string fixture, string algorithm)
    {
        Assert.Equal(algorithm, Reference(fixture).ModelType, ignoreCase: true);
        var tokenizer = Tokenizer(fixture);
        Assert.Equal(1, tokenizer.PadId);
        Assert.Equal([0, 2], tokenizer.Encode("", 10).Ids);
        // Characters the model never saw become one <unk> = 3, not SentencePiece's own 0 (which is <s> in fairseq).
        var rare = Tokenizer(fixture).Encode("𠀀𠀁 x", 100).Ids;
        Assert.Equal(3, rare[2]);
        Assert.NotEqual(3, rare[3]);
        // Chinese with full-width punctuation is split into pieces the model knows, not unknowns.
        Assert.DoesNotContain(3, tokenizer.Encode("政府工作报告提出扩大内需，推动科技创新。", 10_000).Ids);
    }

    [Theory]
    [InlineData("tiny-xlmr")]
    [InlineData("tiny-xlmr-unigram")]
    public void Text_over_the_limit_keeps_its_beginning_and_the_end_token(string fixture)
    {
        var sample = Reference(fixture).Samples[^1];
        var max = Reference(fixture).MaxTokens;
        Assert.True(sample.Ids.Length > max);

        var encoded = Tokenizer(fixture).Encode(sample.Text, max);

        Assert.True(encoded.Truncated);
        Assert.Equal(max, encoded.Ids.Length);
        Assert.Equal(sample.Ids.Take(max - 1), encoded.Ids.Take(max - 1));
        Assert.Equal(2, encoded.Ids[^1]);
    }

    [Theory]
    [InlineData("tiny-xlmr")]
    [InlineData("tiny-xlmr-unigram")]
    public async Task The_folder_loads_as_sentencepiece_and_embeds_english_and_chinese_end_to_end(string fixture)
    {
        // The Unigram fixture has no ONNX file of its own: both vocabularies have 2,000 pieces, so the BPE fixture's
        // embedding table serves both. Assemble a model folder as a user would have it.
        var folder = Path.Combine(TestServices.TempDirectory(), "model");
        Directory.CreateDirectory(folder);
        File.Copy(TestServices.Fixture(Path.Combine("tiny-xlmr", "model.onnx")), Path.Combine(folder, "model.onnx"));
        foreach (var file in new[] { "sentencepiece.bpe.model", "embedder.json" })
            File.Copy(TestServices.Fixture(Path.Combine(fixture, file)), Path.Combine(folder, file));

        var reference = Reference(fixture);
        using var generator = OnnxEmbeddingGenerator.FromFolder(folder, new EmbeddingOptions { Threads = 1, BatchSize = 4 });
        Assert.Equal(new EmbedderInfo("kb-test/tiny-xlmr", reference.Dimension), generator.Info);

        // One batch of different lengths: padding (id 1) and the attention mask must not change any vector.
        var texts = reference.Samples.Select(s => s.Text).ToList();
        var batched = await MiniLm.EmbedAsync(generator, texts);
        for (var i = 0; i < texts.Count; i++)
        {
            var alone = (await MiniLm.EmbedAsync(generator, [texts[i]]))[0];
            Assert.Equal(reference.Samples[i].Vector.Length, batched[i].Length);
            for (var d = 0; d < batched[i].Length; d++)
            {
                Assert.Equal(reference.Samples[i].Vector[d], batched[i][d], 1e-5f);
                Assert.Equal(alone[d], batched[i][d], 1e-5f);
            }
        }
        // Only the long sample is over the limit: cut once in the batch and once alone, and counted both times.
        Assert.Equal(2, generator.TruncatedCount);
    }
}
