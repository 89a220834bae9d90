using KnowledgeBase.Ocr.Detection;
using KnowledgeBase.Ocr.Geometry;

namespace KnowledgeBase.Tests.Ocr;

/// <summary>DB post-processing on probability maps whose boxes are known by hand.</summary>
public sealed class DbPostProcessorTests
{
    private static ProbabilityMap Map(int width, int height, params (int Left, int Top, int Right, int Bottom, float P)[] regions)
    {
        var values = new float[width * height];
        foreach (var (left, top, right, bottom, p) in regions)
            for (var y = top; y <= bottom; y++)
                for (var x = left; x <= right; x++)
                    values[y * width + x] = p;
        return new ProbabilityMap(width, height, values);
    }

    [Fact]
    public void Each_text_region_becomes_its_minimum_rectangle_grown_by_the_unclip_distance_and_scaled_to_the_image()
    {
        // Region pixels x 20..79, y 10..19: the rectangle through them is 59 × 9 around (49.5, 14.5); it grows by
        // 59·9·1.5 / (2·(59+9)) = 5.857 on every side, and the image is twice the map's size.
        var map = Map(200, 100, (20, 10, 79, 19, 0.9f), (100, 50, 179, 69, 0.8f));
        var boxes = DbPostProcessor.Boxes(map, new DbSettings(), 400, 200).OrderBy(b => b.Box.Bounds.Left).ToList();

        Assert.Equal(2, boxes.Count);
        var first = boxes[0].Box.Bounds;
        Assert.Equal((28, 8, 170, 50), ((int)first.Left, (int)first.Top, (int)first.Right, (int)first.Bottom));
        Assert.Equal(0.9, boxes[0].Score, 3);
        // 79 × 19 grows by 79·19·1.5 / 196 = 11.49: x 100−11.49 … 179+11.49, y 50−11.49 … 69+11.49, doubled and rounded.
        var second = boxes[1].Box.Bounds;
        Assert.Equal((177, 77, 381, 161), ((int)second.Left, (int)second.Top, (int)second.Right, (int)second.Bottom));
        Assert.Equal(0.8, boxes[1].Score, 3);
    }

    [Fact]
    public void Specks_thin_strokes_and_faint_regions_are_not_text()
    {
        var map = Map(200, 100,
            (10, 10, 11, 11, 0.95f),   // a 2×2 speck: shorter side under the minimum size
            (30, 40, 150, 41, 0.95f),  // a rule line two pixels high
            (20, 70, 120, 85, 0.45f)); // above the pixel threshold (0.3) but its mean is under the box threshold (0.6)
        Assert.Empty(DbPostProcessor.Boxes(map, new DbSettings(), 200, 100));
    }

    [Fact]
    public void Touching_diagonal_pixels_join_one_region()
    {
        // Two blocks that touch only corner to corner are one 8-connected region, as OpenCV's contours see them.
        var map = Map(100, 60, (10, 10, 29, 24, 0.9f), (30, 25, 49, 39, 0.9f));
        Assert.Single(ConnectedRegions.Find(map, 0.3f));
    }

    [Fact]
    public void The_box_score_is_the_mean_probability_inside_the_box()
    {
        var map = Map(20, 20, (0, 0, 9, 19, 1f)); // left half 1, right half 0
        var quad = new Quad(new PointD(0, 0), new PointD(19, 0), new PointD(19, 19), new PointD(0, 19));
        Assert.Equal(0.5, DbPostProcessor.MeanInside(map, quad), 2);
    }

    [Fact]
    public void The_minimum_area_rectangle_of_a_turned_rectangle_is_that_rectangle()
    {
        var angle = Math.PI / 6;
        var (u, v) = (new PointD(Math.Cos(angle), Math.Sin(angle)), new PointD(-Math.Sin(angle), Math.Cos(angle)));
        var points = new List<PointD>();
        for (var i = 0; i <= 40; i++)
            for (var j = 0; j <= 10; j++)
                points.Add(new PointD(100, 100) + u * (i * 2.0) + v * (j * 1.0));
        var rect = RotatedRect.MinAreaOf(points);
        Assert.Equal(80 * 10, rect.Area, 1);
        Assert.Equal(10, rect.ShortSide, 3);
    }
}
