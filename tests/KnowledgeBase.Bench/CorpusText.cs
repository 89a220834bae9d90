using System.Text;
using AngleSharp.Html.Parser;

namespace KnowledgeBase.Bench;

/// <summary>
/// Real Chinese text of the sample corpus: the plain-text reports (UTF-8 or GBK), the regulations (Markdown) and the
/// policy HTML pages (body text). Read once, in a fixed file order, so everything derived from it is reproducible.
/// </summary>
internal sealed class CorpusText
{
    private static readonly char[] SentenceEnds = ['。', '！', '？', '；', '\n'];

    private CorpusText(IReadOnlyList<string> documents) => Documents = documents;

    /// <summary>Whole texts, one per source file.</summary>
    public IReadOnlyList<string> Documents { get; }

    public static CorpusText Load(string corpus)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var texts = new List<string>();
        foreach (var path in Files(corpus, "*.txt")) texts.Add(ReadText(path));
        foreach (var path in Files(Path.Combine(corpus, "regulations"), "*.md")) texts.Add(ReadText(path).Replace("#", "").Replace("*", ""));
        var parser = new HtmlParser();
        foreach (var path in Files(corpus, "*.html").Concat(Files(Path.Combine(corpus, "policy-html"), "*.html")))
        {
            var document = parser.ParseDocument(ReadText(path));
            texts.Add(document.Body?.TextContent ?? "");
        }
        texts.RemoveAll(t => HanCount(t) < 100);
        if (texts.Count == 0) throw new InvalidOperationException($"no Chinese text found under {corpus}");
        return new CorpusText(texts);
    }

    private static IEnumerable<string> Files(string dir, string pattern) =>
        Directory.Exists(dir) ? Directory.GetFiles(dir, pattern).Order(StringComparer.Ordinal) : [];

    /// <summary>UTF-8 unless the bytes are not valid UTF-8, then GB18030 (a superset of GBK).</summary>
    private static string ReadText(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try { return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF'); }
        catch (DecoderFallbackException) { return Encoding.GetEncoding("GB18030").GetString(bytes); }
    }

    /// <summary>Sentences of 8–200 characters with at least 6 Han characters, deduplicated, in corpus order.</summary>
    public IReadOnlyList<string> Sentences()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sentences = new List<string>();
        foreach (var text in Documents)
        {
            var start = 0;
            while (start < text.Length)
            {
                var end = text.IndexOfAny(SentenceEnds, start);
                end = end < 0 ? text.Length : end + 1;
                var sentence = CollapseSpace(text[start..end]);
                start = end;
                if (sentence.Length is < 8 or > 200 || HanCount(sentence) < 6) continue;
                if (seen.Add(sentence)) sentences.Add(sentence);
            }
        }
        return sentences;
    }

    /// <summary>The corpus cut into passage-sized chunks (about <paramref name="chars"/> characters), as ingest would analyse it.</summary>
    public IReadOnlyList<string> Chunks(int chars)
    {
        var chunks = new List<string>();
        foreach (var text in Documents)
        {
            for (var i = 0; i < text.Length; i += chars)
                chunks.Add(text.Substring(i, Math.Min(chars, text.Length - i)));
        }
        return chunks;
    }

    private static string CollapseSpace(string s)
    {
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s.Trim())
        {
            if (char.IsWhiteSpace(c)) { if (!space) sb.Append(' '); space = true; }
            else { sb.Append(c); space = false; }
        }
        return sb.ToString();
    }

    public static int HanCount(string s)
    {
        var n = 0;
        foreach (var c in s) if (c is >= '\u4E00' and <= '\u9FFF') n++;
        return n;
    }
}
