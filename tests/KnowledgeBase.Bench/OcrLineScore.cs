namespace KnowledgeBase.Bench;

/// <summary>
/// A countable character of the text layer and the centre of its glyph on the scan, in pixels; <see cref="Formula"/>
/// when it belongs to a formula or is a symbol the text layer cannot name (<see cref="FormulaGlyphs"/>).
/// </summary>
internal readonly record struct ReferenceChar(char Value, double X, double Y, bool Formula = false);

/// <summary>A line an OCR engine read, with its box on the scan in pixels.</summary>
internal sealed record ReadLine(string Text, double Left, double Top, double Right, double Bottom)
{
    public bool Contains(double x, double y) => x >= Left && x <= Right && y >= Top && y <= Bottom;

    public double CenterY => (Top + Bottom) / 2;
}

/// <summary>
/// The line-matched score of a page: its edits, and the characters read where the text layer holds nothing; the edits
/// split into those of text and those of formulas (<see cref="ReferenceChar.Formula"/>), which add up to <see cref="Edits"/>.
/// </summary>
internal readonly record struct LineScore(EditCounts Edits, int Unscored, EditCounts Text, EditCounts Formulas);

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
        var owned = new List<ReferenceChar>[lines.Count];
        for (var j = 0; j < lines.Count; j++) owned[j] = [];
        EditCounts missedText = default, missedFormulas = default;
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
            if (best < 0)
            {
                if (c.Formula) missedFormulas += new EditCounts(0, 0, 1, 1);
                else missedText += new EditCounts(0, 0, 1, 1);
            }
            else owned[best].Add(c);
        }

        EditCounts text = missedText, formulas = missedFormulas;
        var unscored = 0;
        for (var j = 0; j < lines.Count; j++)
        {
            var read = OcrScore.Countable(lines[j].Text);
            if (owned[j].Count == 0)
            {
                unscored += read.Length;
                continue;
            }
            var (lineText, lineFormulas) = OcrScore.AlignSplit(new string(owned[j].Select(c => c.Value).ToArray()), read, k => owned[j][k].Formula);
            text += lineText;
            formulas += lineFormulas;
        }
        return new LineScore(text + formulas, unscored, text, formulas);
    }
}
