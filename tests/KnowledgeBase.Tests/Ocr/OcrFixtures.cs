using KnowledgeBase.Ocr;

namespace KnowledgeBase.Tests.Ocr;

/// <summary>
/// The committed OCR fixtures (Fixtures/Ocr, built by tools/ocr-fixtures/make-fixtures.cs from text written for them)
/// and the character error rate the OCR target is stated in.
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

    /// <summary>The characters the benchmark's error rate counts (Han, digits, Latin letters), in order.</summary>
    public static string Countable(string text) => global::KnowledgeBase.Bench.OcrScore.Countable(text);

    /// <summary>The character error rate the OCR target is stated in (the benchmark's own measure).</summary>
    public static double CharacterErrorRate(string reference, string recognised) => global::KnowledgeBase.Bench.OcrScore.CharacterErrorRate(reference, recognised);
}
