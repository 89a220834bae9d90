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
/// records its pages, offsets into the page texts and the heading path in force where it starts. A passage too short
/// to stand alone (<see cref="IngestOptions.MinPassageChars"/>) is folded into its neighbour.
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
        // Passages are first kept as ranges of sentence indices [First, Last]; the overlap makes neighbours share sentences.
        var ranges = new List<(int First, int Last)>();
        var current = new List<int>();
        var length = 0;

        void Emit(bool withOverlap)
        {
            if (current.Count == 0) return;
            ranges.Add((current[0], current[^1]));
            var carried = withOverlap ? Overlap(current, sentences) : [];
            current = carried;
            length = carried.Sum(i => sentences[i].Length);
        }

        for (var index = 0; index < sentences.Count; index++)
        {
            var sentence = sentences[index];
            var startsSection = headingStarts.Contains((sentence.Page, sentence.Start));
            if (startsSection && current.Count > 0) Emit(withOverlap: false);
            if (current.Count > 0 && length + sentence.Length > _o.MaxPassageChars)
            {
                Emit(withOverlap: true);
                if (length + sentence.Length > _o.MaxPassageChars) { current.Clear(); length = 0; }
            }
            current.Add(index);
            length += sentence.Length;
            if (length >= _o.TargetPassageChars) Emit(withOverlap: true);
        }
        // What remains is either new text or only the overlap of the last passage; the latter adds nothing.
        if (current.Count > 0 && (ranges.Count == 0 || current[^1] != ranges[^1].Last)) Emit(withOverlap: false);

        FoldShort(ranges, range => VisibleLength(sentences, range, pages));
        return ranges.Select((range, ordinal) => Build(documentId, ordinal, sentences, range, pages, document.Headings)).ToList();
    }

    /// <summary>
    /// Merges each passage shorter than <see cref="IngestOptions.MinPassageChars"/> with a neighbour: with the previous
    /// one when it continues it (the rest of a section after a full passage, the end of the document), otherwise with
    /// the next (a title or a heading belongs with what follows it). A merged range spans both, so offsets and pages
    /// stay exact and the overlap the two shared is not repeated.
    /// </summary>
    private void FoldShort(List<(int First, int Last)> ranges, Func<(int First, int Last), int> visibleLength)
    {
        if (_o.MinPassageChars <= 0) return;
        var i = 0;
        while (ranges.Count > 1 && i < ranges.Count)
        {
            if (visibleLength(ranges[i]) >= _o.MinPassageChars) { i++; continue; }
            var continuesPrevious = i > 0 && ranges[i].First <= ranges[i - 1].Last;
            if (i + 1 < ranges.Count && !continuesPrevious)
            {
                ranges[i] = (ranges[i].First, ranges[i + 1].Last);
                ranges.RemoveAt(i + 1);
            }
            else
            {
                ranges[i - 1] = (ranges[i - 1].First, ranges[i].Last);
                ranges.RemoveAt(i);
            }
        }
    }

    private static int VisibleLength(List<SentenceSpan> sentences, (int First, int Last) range, Dictionary<int, DocumentPage> pages)
    {
        var count = 0;
        for (var i = range.First; i <= range.Last; i++)
        {
            var s = sentences[i];
            foreach (var c in pages[s.Page].Text.AsSpan(s.Start, s.End - s.Start))
                if (!char.IsWhiteSpace(c)) count++;
        }
        return count;
    }

    private List<int> Overlap(List<int> indices, List<SentenceSpan> sentences)
    {
        var carried = new List<int>();
        var total = 0;
        for (var i = indices.Count - 1; i >= 1; i--)
        {
            var length = sentences[indices[i]].Length;
            if (total + length > _o.OverlapChars) break;
            total += length;
            carried.Insert(0, indices[i]);
        }
        return carried;
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

    private static Passage Build(string documentId, int ordinal, List<SentenceSpan> sentences, (int First, int Last) range, Dictionary<int, DocumentPage> pages, IReadOnlyList<Heading> headings)
    {
        var first = sentences[range.First];
        var last = sentences[range.Last];
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
