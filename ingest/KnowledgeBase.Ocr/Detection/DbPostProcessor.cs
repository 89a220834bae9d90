using KnowledgeBase.Ocr.Geometry;

namespace KnowledgeBase.Ocr.Detection;

/// <summary>A detected text box in original image pixels with the detector's mean probability inside it.</summary>
public sealed record DetectedBox(Quad Box, double Score);

/// <summary>Thresholds of the DB post-processing, PaddleOCR's defaults for PP-OCRv4.</summary>
public sealed record DbSettings
{
    /// <summary>Pixels above this probability are text (<c>det_db_thresh</c>).</summary>
    public float Threshold { get; init; } = 0.3f;

    /// <summary>Boxes whose mean probability is below this are dropped (<c>det_db_box_thresh</c>).</summary>
    public double BoxThreshold { get; init; } = 0.6;

    /// <summary>How far a box grows: by area × ratio / perimeter on every side (<c>det_db_unclip_ratio</c>).</summary>
    public double UnclipRatio { get; init; } = 1.5;

    /// <summary>At most this many regions are turned into boxes (<c>max_candidates</c>).</summary>
    public int MaxCandidates { get; init; } = 1000;

    /// <summary>Regions whose shorter side is under this (map pixels) are noise (<c>min_size</c>).</summary>
    public double MinSize { get; init; } = 3;
}

/// <summary>
/// DB (differentiable binarisation) post-processing as PaddleOCR's <c>DBPostProcess</c> does it: threshold the
/// probability map, take each connected region's minimum-area rectangle, drop thin ones and those whose mean
/// probability ("fast" box score: inside the rectangle) is low, grow ("unclip") the rest by
/// area × ratio / perimeter, because the network is trained to predict a shrunken text kernel, and scale them back
/// to the original image.
/// </summary>
public static class DbPostProcessor
{
    public static List<DetectedBox> Boxes(ProbabilityMap map, DbSettings settings, int imageWidth, int imageHeight)
    {
        var boxes = new List<DetectedBox>();
        var regions = ConnectedRegions.Find(map, settings.Threshold);
        foreach (var region in regions.Take(settings.MaxCandidates))
        {
            var rect = RotatedRect.MinAreaOf(region);
            if (rect.ShortSide < settings.MinSize) continue;
            var kernel = Quad.Clockwise(rect.Corners());
            var score = MeanInside(map, kernel);
            if (score < settings.BoxThreshold) continue;

            var distance = rect.Area * settings.UnclipRatio / (2 * (rect.SideA + rect.SideB));
            var grown = rect.Expand(distance);
            if (grown.ShortSide < settings.MinSize + 2) continue;

            var corners = grown.Corners()
                .Select(p => new PointD(
                    Math.Clamp(Math.Round(p.X / map.Width * imageWidth, MidpointRounding.ToEven), 0, imageWidth),
                    Math.Clamp(Math.Round(p.Y / map.Height * imageHeight, MidpointRounding.ToEven), 0, imageHeight)))
                .ToArray();
            var box = Quad.Clockwise(corners);
            // PaddleOCR's filter_tag_det_res: boxes 3 pixels or less across are not lines.
            if ((int)PointD.Distance(box.TopLeft, box.TopRight) <= 3 || (int)PointD.Distance(box.TopLeft, box.BottomLeft) <= 3) continue;
            boxes.Add(new DetectedBox(box, score));
        }
        return boxes;
    }

    /// <summary>
    /// Mean probability of the map pixels inside <paramref name="quad"/> (PaddleOCR's <c>box_score_fast</c>: corners
    /// truncated to whole pixels, the polygon filled row by row at pixel centres).
    /// </summary>
    public static double MeanInside(ProbabilityMap map, Quad quad)
    {
        var corners = quad.Corners.Select(p => new PointD(Math.Truncate(p.X), Math.Truncate(p.Y))).ToArray();
        var top = Math.Clamp((int)Math.Floor(corners.Min(p => p.Y)), 0, map.Height - 1);
        var bottom = Math.Clamp((int)Math.Ceiling(corners.Max(p => p.Y)), 0, map.Height - 1);
        double sum = 0;
        long count = 0;
        Span<double> crossings = stackalloc double[4];
        for (var y = top; y <= bottom; y++)
        {
            var n = 0;
            for (var i = 0; i < 4; i++)
            {
                var a = corners[i];
                var b = corners[(i + 1) % 4];
                if (a.Y == b.Y)
                {
                    if (a.Y != y) continue;
                    crossings[n++] = a.X; // a horizontal edge on this row counts whole
                    if (n < 4) crossings[n++] = b.X;
                    continue;
                }
                if (y < Math.Min(a.Y, b.Y) || y > Math.Max(a.Y, b.Y)) continue;
                if (n < 4) crossings[n++] = a.X + (y - a.Y) * (b.X - a.X) / (b.Y - a.Y);
            }
            if (n == 0) continue;
            var from = double.PositiveInfinity;
            var to = double.NegativeInfinity;
            for (var i = 0; i < n; i++) { from = Math.Min(from, crossings[i]); to = Math.Max(to, crossings[i]); }
            var x0 = Math.Clamp((int)Math.Ceiling(from - 0.5), 0, map.Width - 1);
            var x1 = Math.Clamp((int)Math.Floor(to + 0.5), 0, map.Width - 1);
            var row = map.Values.AsSpan(y * map.Width, map.Width);
            for (var x = x0; x <= x1; x++) sum += row[x];
            count += Math.Max(0, x1 - x0 + 1);
        }
        return count == 0 ? 0 : sum / count;
    }
}
