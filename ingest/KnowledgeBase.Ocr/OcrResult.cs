using KnowledgeBase.Ocr.Geometry;

namespace KnowledgeBase.Ocr;

/// <summary>One recognised text line: its text, the recogniser's confidence (0…1), where it is, and whether it is a vertical column.</summary>
public sealed record OcrLine(string Text, double Confidence, Quad Box, bool Vertical = false)
{
    public Bounds Bounds => Box.Bounds;
}

/// <summary>Lines that belong together (a paragraph, a heading, a caption), in reading order.</summary>
public sealed record OcrBlock(IReadOnlyList<OcrLine> Lines);

/// <summary>The text of one page image in reading order.</summary>
/// <param name="UpsideDown">Most lines were upside down: the page was scanned turned by 180° and was read turned back.</param>
public sealed record OcrPage(int Width, int Height, IReadOnlyList<OcrBlock> Blocks, bool UpsideDown = false)
{
    /// <summary>Where the time went (wall clock), for benchmarks and logs.</summary>
    public OcrTimings? Timings { get; init; }

    public IEnumerable<OcrLine> Lines => Blocks.SelectMany(b => b.Lines);

    /// <summary>Mean line confidence weighted by characters; null for a page without text.</summary>
    public double? Confidence
    {
        get
        {
            double sum = 0;
            var chars = 0;
            foreach (var line in Lines)
            {
                sum += line.Confidence * line.Text.Length;
                chars += line.Text.Length;
            }
            return chars == 0 ? null : sum / chars;
        }
    }
}

/// <summary>
/// Wall-clock and CPU time of the stages of one page: detection (with cropping), direction classification,
/// recognition (with layout). CPU time is the calling thread's (zero where the platform does not report it).
/// </summary>
public sealed record OcrTimings((TimeSpan Wall, TimeSpan Cpu) Detection, (TimeSpan Wall, TimeSpan Cpu) Classification, (TimeSpan Wall, TimeSpan Cpu) Recognition)
{
    public TimeSpan Cpu => Detection.Cpu + Classification.Cpu + Recognition.Cpu;
    public TimeSpan Wall => Detection.Wall + Classification.Wall + Recognition.Wall;
}
