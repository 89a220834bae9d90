using KnowledgeBase.Configuration;
using KnowledgeBase.Ingestion.Parsing;
using KnowledgeBase.Model;
using KnowledgeBase.Text;
using Microsoft.Extensions.Options;

namespace KnowledgeBase.Ingestion.Chunking;

/// <summary>
/// Cuts a parsed document into passages of whole sentences: about <see cref="IngestOptions.TargetPassageChars"/>
/// long, never above <see cref="IngestOptions.MaxPassageChars"/> unless a single sentence is, with the last
/// sentences of one passage repeated at the start of the next. A new heading starts a new passage. Each passage
/// records its pages, offsets into the page texts and the heading path in force where it starts.
/// </summary>
public sealed class PassageChunker(IOptions<IngestOptions> options)
{
    private readonly IngestOptions _o = options.Value;

    public IReadOnlyList<Passage> Chunk(string documentId, ParsedDocument document)
    {
        var sentences = new List<SentenceSpan>();
        foreach (var page in document.Pages)
            foreach (var s in SentenceSplitter.Split(page.Number, page.Text))
                sentences.AddRange(SplitOverlong(page.Text, s));

        var pages = document.Pages.ToDictionary(p => p.Number);
        var headingStarts = document.Headings.Select(h => (h.Page, h.Offset)).ToHashSet();
        var passages = new List<Passage>();
        var current = new List<SentenceSpan>();
        var length = 0;

        void Emit(bool withOverlap)
        {
            if (current.Count == 0) return;
            passages.Add(Build(documentId, passages.Count, current, pages, document.Headings));
            var carried = withOverlap ? Overlap(current) : [];
            current = carried;
            length = carried.Sum(s => s.Length);
        }

        foreach (var sentence in sentences)
        {
            var startsSection = headingStarts.Contains((sentence.Page, sentence.Start));
            if (startsSection && current.Count > 0) Emit(withOverlap: false);
            if (current.Count > 0 && length + sentence.Length > _o.MaxPassageChars)
            {
                Emit(withOverlap: true);
                if (length + sentence.Length > _o.MaxPassageChars) { current.Clear(); length = 0; }
            }
            current.Add(sentence);
            length += sentence.Length;
            if (length >= _o.TargetPassageChars) Emit(withOverlap: true);
        }
        // What remains is either new text or only the overlap of the last passage; the latter adds nothing.
        if (current.Count > 0 && (passages.Count == 0 || !IsTailOf(current, passages[^1]))) Emit(withOverlap: false);
        return passages;
    }

    private List<SentenceSpan> Overlap(List<SentenceSpan> sentences)
    {
        var carried = new List<SentenceSpan>();
        var total = 0;
        for (var i = sentences.Count - 1; i >= 1; i--)
        {
            if (total + sentences[i].Length > _o.OverlapChars) break;
            total += sentences[i].Length;
            carried.Insert(0, sentences[i]);
        }
        return carried;
    }

    private static bool IsTailOf(List<SentenceSpan> tail, Passage passage)
    {
        var last = tail[^1];
        return last.Page == passage.PageEnd && last.End == passage.EndOffset;
    }

    /// <summary>Splits a sentence longer than the hard maximum at the last clause mark or space before the limit.</summary>
    private IEnumerable<SentenceSpan> SplitOverlong(string text, SentenceSpan s)
    {
        var start = s.Start;
        while (s.End - start > _o.HardMaxPassageChars)
        {
            var limit = start + _o.HardMaxPassageChars;
            var cut = -1;
            for (var i = limit - 1; i > start + _o.HardMaxPassageChars / 2; i--)
            {
                if (text[i] is '，' or '、' or ',' or '：' or ':' or ' ') { cut = i + 1; break; }
            }
            if (cut < 0) cut = limit;
            if (char.IsHighSurrogate(text[cut - 1])) cut++;
            yield return new SentenceSpan(s.Page, start, cut);
            start = cut;
            while (start < s.End && char.IsWhiteSpace(text[start])) start++;
        }
        if (s.End > start) yield return new SentenceSpan(s.Page, start, s.End);
    }

    private static Passage Build(string documentId, int ordinal, List<SentenceSpan> sentences, Dictionary<int, DocumentPage> pages, IReadOnlyList<Heading> headings)
    {
        var first = sentences[0];
        var last = sentences[^1];
        // The passage's part of each page it covers: [start, end) of that page's text.
        var parts = new List<(DocumentPage Page, int Start, int End)>();
        if (first.Page == last.Page)
        {
            parts.Add((pages[first.Page], first.Start, last.End));
        }
        else
        {
            parts.Add((pages[first.Page], first.Start, pages[first.Page].Text.Length));
            for (var p = first.Page + 1; p < last.Page; p++)
                if (pages.TryGetValue(p, out var middle)) parts.Add((middle, 0, middle.Text.Length));
            parts.Add((pages[last.Page], 0, last.End));
        }
        var text = string.Join(Passage.PageSeparator, parts.Select(x => x.Page.Text[x.Start..x.End]));
        return new Passage(Passage.MakeId(documentId, ordinal), documentId, ordinal, first.Page, last.Page, first.Start, last.End,
            HeadingPathAt(headings, first.Page, first.Start), text, OcrConfidence(parts));
    }

    /// <summary>Mean OCR confidence over the passage's recognised characters, weighted by length; null when none of it was recognised.</summary>
    private static double? OcrConfidence(List<(DocumentPage Page, int Start, int End)> parts)
    {
        double sum = 0;
        var chars = 0;
        foreach (var (page, start, end) in parts)
        {
            if (page.OcrConfidenceOf(start, end) is not { } confidence) continue;
            sum += confidence * (end - start);
            chars += end - start;
        }
        return chars == 0 ? null : Math.Round(sum / chars, 4);
    }

    private static string HeadingPathAt(IReadOnlyList<Heading> headings, int page, int offset)
    {
        var stack = new List<Heading>();
        foreach (var h in headings)
        {
            if (h.Page > page || (h.Page == page && h.Offset > offset)) break;
            stack.RemoveAll(x => x.Level >= h.Level);
            stack.Add(h);
        }
        return string.Join(" > ", stack.Select(h => h.Text));
    }
}
