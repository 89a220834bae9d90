namespace KnowledgeBase.Ocr.Geometry;

/// <summary>A point in image pixels (x to the right, y downwards).</summary>
public readonly record struct PointD(double X, double Y)
{
    public static PointD operator -(PointD a, PointD b) => new(a.X - b.X, a.Y - b.Y);
    public static PointD operator +(PointD a, PointD b) => new(a.X + b.X, a.Y + b.Y);
    public static PointD operator *(PointD a, double s) => new(a.X * s, a.Y * s);
    public double Length => Math.Sqrt(X * X + Y * Y);
    public static double Distance(PointD a, PointD b) => (a - b).Length;
}

/// <summary>
/// A text box as four corners in reading direction: top-left, top-right, bottom-right, bottom-left (as PaddleOCR
/// orders them before cropping).
/// </summary>
public sealed record Quad(PointD TopLeft, PointD TopRight, PointD BottomRight, PointD BottomLeft)
{
    public IEnumerable<PointD> Corners => [TopLeft, TopRight, BottomRight, BottomLeft];

    /// <summary>Length of the longer of the top and bottom edges.</summary>
    public double Width => Math.Max(PointD.Distance(TopLeft, TopRight), PointD.Distance(BottomLeft, BottomRight));

    /// <summary>Length of the longer of the left and right edges.</summary>
    public double Height => Math.Max(PointD.Distance(TopLeft, BottomLeft), PointD.Distance(TopRight, BottomRight));

    /// <summary>The axis-aligned rectangle that holds the four corners.</summary>
    public Bounds Bounds => new(
        Corners.Min(p => p.X), Corners.Min(p => p.Y), Corners.Max(p => p.X), Corners.Max(p => p.Y));

    public Quad Scale(double sx, double sy) =>
        new(new(TopLeft.X * sx, TopLeft.Y * sy), new(TopRight.X * sx, TopRight.Y * sy),
            new(BottomRight.X * sx, BottomRight.Y * sy), new(BottomLeft.X * sx, BottomLeft.Y * sy));

    /// <summary>
    /// Orders four corners clockwise from the top-left, as PaddleOCR's <c>order_points_clockwise</c>: the two
    /// leftmost points are the left edge (the upper of them top-left), the other two the right edge.
    /// </summary>
    public static Quad Clockwise(IReadOnlyList<PointD> corners)
    {
        if (corners.Count != 4) throw new ArgumentException("a quad has four corners", nameof(corners));
        var byX = corners.OrderBy(p => p.X).ThenBy(p => p.Y).ToArray();
        var (left1, left2) = (byX[0], byX[1]);
        var (right1, right2) = (byX[2], byX[3]);
        var (topLeft, bottomLeft) = left1.Y <= left2.Y ? (left1, left2) : (left2, left1);
        var (topRight, bottomRight) = right1.Y <= right2.Y ? (right1, right2) : (right2, right1);
        return new Quad(topLeft, topRight, bottomRight, bottomLeft);
    }
}

/// <summary>An axis-aligned rectangle in pixels.</summary>
public readonly record struct Bounds(double Left, double Top, double Right, double Bottom)
{
    public double Width => Right - Left;
    public double Height => Bottom - Top;
    public double CenterX => (Left + Right) / 2;
    public double CenterY => (Top + Bottom) / 2;

    /// <summary>Length of the overlap of the two x-ranges (0 when they do not overlap).</summary>
    public double OverlapX(Bounds other) => Math.Max(0, Math.Min(Right, other.Right) - Math.Max(Left, other.Left));

    /// <summary>Length of the overlap of the two y-ranges (0 when they do not overlap).</summary>
    public double OverlapY(Bounds other) => Math.Max(0, Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top));

    public Bounds Union(Bounds other) =>
        new(Math.Min(Left, other.Left), Math.Min(Top, other.Top), Math.Max(Right, other.Right), Math.Max(Bottom, other.Bottom));
}
