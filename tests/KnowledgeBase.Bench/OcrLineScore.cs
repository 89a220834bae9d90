namespace KnowledgeBase.Bench;

/// <summary>A countable character of the text layer and the centre of its glyph on the scan, in pixels.</summary>
internal readonly record struct ReferenceChar(char Value, double X, double Y);

/// <summary>A line an OCR engine read, with its box on the scan in pixels.</summary>
internal sealed record ReadLine(string Text, double Left, double Top, double Right, double Bottom)
{
    public bool Contains(double x, double y) => x >= Left && x <= Right && y >= Top && y <= Bottom;

    public double CenterY => (Top + Bottom) / 2;
}

/// <summary>The line-matched score of a page: its edits, and the characters read where the text layer holds nothing.</summary>
internal readonly record struct LineScore(EditCounts Edits, int Unscored);

/// <summary>
/// Character errors of the lines an engine read, each against the text-layer characters whose glyphs lie inside the
/// line's box, so that the order the engine reads lines in does not count (a page's CER on its whole text counts a
/// heading read before a running header as the heading deleted and inserted again). Text-layer characters inside no
/// line were missed (deletions). Lines over no text-layer character (words in a raster figure, a logo drawn as
/// outlines) are not scored: the text layer cannot say whether they were read right; they are counted apart.
/// </summary>
internal static class OcrLineScore
{
    public static LineScore Score(IReadOnlyList<ReferenceChar> reference, IReadOnlyList<ReadLine> lines)
    {
        var owned = new List<char>[lines.Count];
        for (var j = 0; j < lines.Count; j++) owned[j] = [];
        var missed = 0;
        foreach (var c in reference)
        {
            // Unclipped boxes of neighbouring lines overlap a little: a glyph belongs to the line whose middle it is nearest.
            var best = -1;
            var bestDistance = double.PositiveInfinity;
            for (var j = 0; j < lines.Count; j++)
            {
                if (!lines[j].Contains(c.X, c.Y)) continue;
                var distance = Math.Abs(c.Y - lines[j].CenterY);
                if (distance < bestDistance) { best = j; bestDistance = distance; }
            }
            if (best < 0) missed++;
            else owned[best].Add(c.Value);
        }

        var edits = new EditCounts(0, 0, missed, missed);
        var unscored = 0;
        for (var j = 0; j < lines.Count; j++)
        {
            var read = OcrScore.Countable(lines[j].Text);
            if (owned[j].Count == 0)
            {
                unscored += read.Length;
                continue;
            }
            edits += OcrScore.Align(new string(owned[j].ToArray()), read);
        }
        return new LineScore(edits, unscored);
    }
}
