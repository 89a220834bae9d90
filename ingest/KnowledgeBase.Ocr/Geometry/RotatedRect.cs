namespace KnowledgeBase.Ocr.Geometry;

/// <summary>A rectangle at any angle: centre, side lengths and the unit vector along its first side.</summary>
public readonly record struct RotatedRect(PointD Center, double SideA, double SideB, PointD Direction)
{
    /// <summary>The shorter side (what PaddleOCR compares with its minimum box size).</summary>
    public double ShortSide => Math.Min(SideA, SideB);

    public double Area => SideA * SideB;

    /// <summary>The four corners, in no particular order.</summary>
    public PointD[] Corners()
    {
        var u = Direction * (SideA / 2);
        var v = new PointD(-Direction.Y, Direction.X) * (SideB / 2);
        return [Center - u - v, Center + u - v, Center + u + v, Center - u + v];
    }

    /// <summary>
    /// The rectangle grown by <paramref name="distance"/> on every side. This is exactly what PaddleOCR's unclip
    /// produces for a rectangle: the polygon offset with round joins (pyclipper) gives a rounded rectangle, and its
    /// minimum-area rectangle is the original one with each side moved out by the offset distance.
    /// </summary>
    public RotatedRect Expand(double distance) => this with { SideA = SideA + 2 * distance, SideB = SideB + 2 * distance };

    /// <summary>
    /// The smallest-area rectangle holding <paramref name="points"/> (OpenCV's <c>minAreaRect</c>): convex hull,
    /// then rotating calipers, one candidate rectangle per hull edge.
    /// </summary>
    public static RotatedRect MinAreaOf(IReadOnlyList<PointD> points)
    {
        var hull = ConvexHull.Of(points);
        if (hull.Count == 0) throw new ArgumentException("no points", nameof(points));
        if (hull.Count == 1) return new RotatedRect(hull[0], 0, 0, new PointD(1, 0));
        if (hull.Count == 2)
        {
            var d = hull[1] - hull[0];
            var len = d.Length;
            return new RotatedRect((hull[0] + hull[1]) * 0.5, len, 0, d * (1 / len));
        }

        var best = default(RotatedRect);
        var bestArea = double.PositiveInfinity;
        for (var i = 0; i < hull.Count; i++)
        {
            var edge = hull[(i + 1) % hull.Count] - hull[i];
            var length = edge.Length;
            if (length == 0) continue;
            var u = edge * (1 / length);
            var v = new PointD(-u.Y, u.X);
            double minU = double.PositiveInfinity, maxU = double.NegativeInfinity, minV = double.PositiveInfinity, maxV = double.NegativeInfinity;
            foreach (var p in hull)
            {
                var pu = p.X * u.X + p.Y * u.Y;
                var pv = p.X * v.X + p.Y * v.Y;
                minU = Math.Min(minU, pu); maxU = Math.Max(maxU, pu);
                minV = Math.Min(minV, pv); maxV = Math.Max(maxV, pv);
            }
            var area = (maxU - minU) * (maxV - minV);
            if (area >= bestArea) continue;
            bestArea = area;
            var cu = (minU + maxU) / 2;
            var cv = (minV + maxV) / 2;
            best = new RotatedRect(new PointD(u.X * cu + v.X * cv, u.Y * cu + v.Y * cv), maxU - minU, maxV - minV, u);
        }
        return best;
    }
}
