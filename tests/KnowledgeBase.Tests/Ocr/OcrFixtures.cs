using System.Text;
using KnowledgeBase.Ocr;

namespace KnowledgeBase.Tests.Ocr;

/// <summary>
/// The committed OCR fixtures (Fixtures/Ocr, built by tools/ocr-fixtures/make-fixtures.cs from text written for them)
/// and the character error rate the target is stated in.
/// </summary>
public static class OcrFixtures
{
    public static string Path(string name) => TestServices.Fixture(System.IO.Path.Combine("Ocr", name));

    public static byte[] Read(string name) => File.ReadAllBytes(Path(name));

    public static string Text(string name) => File.ReadAllText(Path(name));

    /// <summary>One engine for a test class: loading the models takes a moment.</summary>
    public sealed class Engine : IDisposable
    {
        public OcrEngine Value { get; } = new(OcrModelFiles.Default);

        public void Dispose() => Value.Dispose();
    }

    /// <summary>Han characters, digits and Latin letters only (full-width forms folded), as the CER target counts them.</summary>
    public static string Countable(string text)
    {
        var kept = new StringBuilder();
        foreach (var ch in text)
        {
            var c = ch is >= '\uFF10' and <= '\uFF5A' ? (char)(ch - 0xFEE0) : ch;
            if (c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' || char.IsAsciiLetterOrDigit(c)) kept.Append(c);
        }
        return kept.ToString();
    }

    /// <summary>Levenshtein distance over <see cref="Countable"/> characters divided by the reference's length.</summary>
    public static double CharacterErrorRate(string reference, string recognised)
    {
        var a = Countable(reference);
        var b = Countable(recognised);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return a.Length == 0 ? 0 : (double)previous[b.Length] / a.Length;
    }
}
