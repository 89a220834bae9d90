using KnowledgeBase.Ocr.Recognition;

namespace KnowledgeBase.Tests.Ocr;

/// <summary>Greedy CTC decoding against the classes PaddleOCR builds from a key file.</summary>
public sealed class CtcDecoderTests
{
    private static readonly CharacterSet Characters = new(["中", "文", "A"]); // 0 blank, 1 中, 2 文, 3 A, 4 space

    private static float[] Steps(params (int Class, float P)[] steps)
    {
        var values = new float[steps.Length * Characters.Count];
        for (var t = 0; t < steps.Length; t++)
        {
            var rest = (1 - steps[t].P) / (Characters.Count - 1);
            for (var c = 0; c < Characters.Count; c++) values[t * Characters.Count + c] = c == steps[t].Class ? steps[t].P : rest;
        }
        return values;
    }

    [Fact]
    public void Repeats_merge_blanks_separate_and_the_confidence_is_the_mean_of_the_kept_steps()
    {
        // 中 中 _ 中 文 文 _ ␠ A  →  "中中文 A": the blank between the two 中 keeps them apart.
        var probabilities = Steps((1, 0.9f), (1, 0.8f), (0, 0.99f), (1, 0.7f), (2, 0.6f), (2, 0.95f), (0, 0.9f), (4, 0.5f), (3, 0.8f));
        var result = CtcDecoder.Decode(probabilities, 9, Characters);
        Assert.Equal("中中文 A", result.Text);
        // Kept: the first step of each run (0.9, 0.7, 0.6, 0.5, 0.8).
        Assert.Equal((0.9 + 0.7 + 0.6 + 0.5 + 0.8) / 5, result.Confidence, 5);
    }

    [Fact]
    public void Only_blanks_is_no_text_with_no_confidence()
    {
        var result = CtcDecoder.Decode(Steps((0, 0.9f), (0, 0.8f)), 2, Characters);
        Assert.Equal("", result.Text);
        Assert.Equal(0, result.Confidence);
    }

    [Fact]
    public void The_shipped_key_file_gives_the_recogniser_its_6625_classes()
    {
        var keys = CharacterSet.Load(Path.Combine(AppContext.BaseDirectory, "ocr-models", "ppocr_keys_v1.txt"));
        Assert.Equal(6625, keys.Count);
        Assert.Equal("", keys[0]);
        Assert.Equal(" ", keys[keys.Count - 1]);
    }
}
