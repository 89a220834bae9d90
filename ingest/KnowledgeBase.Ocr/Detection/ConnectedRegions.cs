using KnowledgeBase.Ocr.Geometry;

namespace KnowledgeBase.Ocr.Detection;

/// <summary>
/// The 8-connected regions of a thresholded map, each as the end pixels of its horizontal runs. The convex hull of
/// those points is the hull of the region's outer contour, which is all that PaddleOCR uses a contour for
/// (<c>cv2.findContours</c> followed by <c>cv2.minAreaRect</c>), so no contour is traced.
/// </summary>
public static class ConnectedRegions
{
    /// <summary>The regions of pixels above <paramref name="threshold"/>, in the order their first pixel is met (rows top to bottom).</summary>
    public static List<List<PointD>> Find(ProbabilityMap map, float threshold)
    {
        var runs = new List<Run>();
        var parent = new List<int>();
        var previousRow = new List<int>();
        var currentRow = new List<int>();
        for (var y = 0; y < map.Height; y++)
        {
            currentRow.Clear();
            var row = map.Values.AsSpan(y * map.Width, map.Width);
            var x = 0;
            while (x < row.Length)
            {
                if (row[x] <= threshold) { x++; continue; }
                var start = x;
                while (x < row.Length && row[x] > threshold) x++;
                var id = runs.Count;
                runs.Add(new Run(y, start, x - 1));
                parent.Add(id);
                currentRow.Add(id);
                // 8-connectivity: a run touches a run of the row above that overlaps it extended by one pixel.
                foreach (var above in previousRow)
                {
                    var a = runs[above];
                    if (a.End >= start - 1 && a.Start <= x) Union(parent, above, id);
                }
            }
            (previousRow, currentRow) = (currentRow, previousRow);
        }

        var regions = new List<List<PointD>>();
        var regionOf = new Dictionary<int, int>();
        for (var i = 0; i < runs.Count; i++)
        {
            var root = Find(parent, i);
            if (!regionOf.TryGetValue(root, out var index))
            {
                index = regions.Count;
                regionOf[root] = index;
                regions.Add([]);
            }
            var run = runs[i];
            regions[index].Add(new PointD(run.Start, run.Row));
            if (run.End != run.Start) regions[index].Add(new PointD(run.End, run.Row));
        }
        return regions;
    }

    private readonly record struct Run(int Row, int Start, int End);

    private static int Find(List<int> parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void Union(List<int> parent, int a, int b)
    {
        var ra = Find(parent, a);
        var rb = Find(parent, b);
        if (ra == rb) return;
        // The older run stays the root, so regions keep the order of their first pixel.
        if (ra < rb) parent[rb] = ra; else parent[ra] = rb;
    }
}
