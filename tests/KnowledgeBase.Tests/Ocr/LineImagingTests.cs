using KnowledgeBase.Ocr.Geometry;
using KnowledgeBase.Ocr.Imaging;

namespace KnowledgeBase.Tests.Ocr;

/// <summary>How line crops are cut from a page and scaled for the recogniser, against Skia doing the same.</summary>
public sealed class LineImagingTests
{
    private static GrayImage Noise(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[width * height];
        random.NextBytes(pixels);
        return new GrayImage(width, height, pixels);
    }

    [Theory]
    [InlineData(120, 25, 230, 48)]  // a line crop scaled up to the recogniser's height
    [InlineData(300, 60, 170, 48)]  // scaled down
    [InlineData(7, 3, 40, 48)]      // a crop smaller than a character
    public void Bilinear_scaling_into_the_tensor_matches_skias(int width, int height, int toWidth, int toHeight)
    {
        var image = Noise(width, height, width * height);
        var expected = image.Resize(toWidth, toHeight);
        var stride = toWidth + 5;
        var values = new float[toHeight * stride];

        LinearResize.Into(image, toWidth, toHeight, values, stride);

        for (var y = 0; y < toHeight; y++)
            for (var x = 0; x < toWidth; x++)
                Assert.InRange(values[y * stride + x], expected[x, y] - 1.01, expected[x, y] + 1.01);
    }

    [Fact]
    public void An_upright_box_on_whole_pixels_is_cut_as_the_warp_cuts_it()
    {
        var page = Noise(200, 120, 7);
        using var cropper = new LineCropper(page);
        // The same box, once on whole pixels (copied) and once a hair off them (warped with the cubic kernel, which
        // weighs the centre pixel alone there); one ends on the page's right and bottom edges.
        foreach (var (left, top, right, bottom) in new[] { (10, 20, 150, 45), (160, 90, 200, 120), (0, 0, 37, 11) })
        {
            var exact = new Quad(new(left, top), new(right, top), new(right, bottom), new(left, bottom));
            const double hair = 1e-4;
            var warped = new Quad(new(left + hair, top), new(right + hair, top), new(right + hair, bottom), new(left + hair, bottom));

            var copied = cropper.Crop(exact);
            var sampled = cropper.Crop(warped);

            Assert.Equal((right - left, bottom - top), (copied.Width, copied.Height));
            Assert.Equal((copied.Width, copied.Height), (sampled.Width, sampled.Height));
            for (var y = 0; y < copied.Height; y++)
                for (var x = 0; x < copied.Width; x++)
                    Assert.InRange(copied[x, y], sampled[x, y] - 1, sampled[x, y] + 1);
        }
    }
}
