using KnowledgeBase.Ocr.Classification;
using KnowledgeBase.Ocr.Detection;
using KnowledgeBase.Ocr.Geometry;
using KnowledgeBase.Ocr.Imaging;
using KnowledgeBase.Ocr.Layout;
using KnowledgeBase.Ocr.Recognition;

namespace KnowledgeBase.Ocr;

/// <summary>
/// Reads the text of a page image, the way PaddleOCR's text system does: detect line boxes, cut them out
/// straightened, turn upside-down ones, recognise them in batches, drop unsure lines; then put the lines in reading
/// order. Tall boxes are read both as vertical Chinese (characters laid side by side upright) and as a line turned
/// on its side, whichever the recogniser is surer of. One page at a time per engine (the models are shared, and
/// one page's working memory is the budget).
/// </summary>
public sealed class OcrEngine : IDisposable
{
    /// <summary>A crop this much taller than wide is a vertical line (PaddleOCR's rule for turning a crop).</summary>
    private const double TallRatio = 1.5;

    /// <summary>A tall box is read as a vertical column when that reading is at least this share as confident as the turned one.</summary>
    private const double VerticalPreference = 0.95;

    private readonly OnnxModel _detectionModel;
    private readonly OnnxModel _recognitionModel;
    private readonly OnnxModel _classifierModel;
    private readonly TextDetector _detector;
    private readonly TextRecognizer _recognizer;
    private readonly TextRecognizer _fullWidthRecognizer;
    private readonly LineDirectionClassifier _classifier;
    private readonly OcrEngineOptions _options;
    private readonly SemaphoreSlim _onePage = new(1, 1);

    public OcrEngine(OcrModelFiles files, OcrEngineOptions? options = null)
    {
        _options = options ?? new OcrEngineOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.RecognitionWidthScale, nameof(options));
        files.EnsureComplete();
        var threads = Math.Max(1, _options.Threads);
        _detectionModel = new OnnxModel(files.Detection, threads);
        _recognitionModel = new OnnxModel(files.Recognition, threads);
        _classifierModel = new OnnxModel(files.Classifier, threads);
        _detector = new TextDetector(_detectionModel, _options.DetectionMaxSide, new DbSettings());
        var characters = CharacterSet.Load(files.Keys);
        _recognizer = new TextRecognizer(_recognitionModel, characters, Math.Max(1, _options.RecognitionBatchSize), _options.RecognitionWidthScale);
        _fullWidthRecognizer = new TextRecognizer(_recognitionModel, characters, Math.Max(1, _options.RecognitionBatchSize), 1.0);
        _classifier = new LineDirectionClassifier(_classifierModel);
    }

    public OcrPage Read(GrayImage page, CancellationToken cancellationToken = default)
    {
        _onePage.Wait(cancellationToken);
        try
        {
            return ReadPage(page, cancellationToken);
        }
        finally
        {
            _onePage.Release();
        }
    }

    private OcrPage ReadPage(GrayImage page, CancellationToken cancellationToken)
    {
        var clock = new StageClock();
        var boxes = _detector.Detect(page, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (boxes.Count == 0) return new OcrPage(page.Width, page.Height, []) { Timings = new OcrTimings(clock.Lap(), default, default) };

        var crops = new GrayImage[boxes.Count];
        var tall = new bool[boxes.Count];
        using (var cropper = new LineCropper(page))
        {
            for (var i = 0; i < boxes.Count; i++)
            {
                var crop = cropper.Crop(boxes[i].Box);
                tall[i] = crop.Height >= TallRatio * crop.Width;
                crops[i] = crop;
            }
        }

        var detection = clock.Lap();

        // Every box is read as a horizontal line (tall ones turned a quarter counter-clockwise first, as PaddleOCR
        // does), the right way up by the direction classifier; tall boxes are also read as vertical columns.
        var horizontal = crops.Select((c, i) => tall[i] ? c.RotateCounterClockwise() : c).ToArray();
        var upsideDown = _options.ClassifyDirection ? _classifier.UpsideDown(horizontal, cancellationToken) : new bool[crops.Length];
        cancellationToken.ThrowIfCancellationRequested();
        var classification = clock.Lap();

        // The classifier sees a whole line squeezed into 192×48 and now and then calls an upright line upside down
        // (and the other way round on a page scanned upside down). A line it puts against the rest of its page is
        // read both ways and kept the way the recogniser is surer of.
        var pageTurned = upsideDown.Count(u => u) * 2 > upsideDown.Length;
        var inputs = new List<GrayImage>(crops.Length);
        for (var i = 0; i < crops.Length; i++) inputs.Add(upsideDown[i] ? horizontal[i].Rotate180() : horizontal[i]);
        var doubtful = Enumerable.Range(0, crops.Length).Where(i => upsideDown[i] != pageTurned && !tall[i]).ToArray();
        var tallIndexes = Enumerable.Range(0, crops.Length).Where(i => tall[i]).ToArray();
        foreach (var i in doubtful) inputs.Add(upsideDown[i] ? horizontal[i] : horizontal[i].Rotate180());
        foreach (var i in tallIndexes) inputs.Add(VerticalLineTiler.Tile(crops[i]));

        var all = _recognizer.Recognize(inputs, cancellationToken);
        var read = all[..crops.Length];
        var vertical = new bool[crops.Length];
        var next = crops.Length;
        foreach (var i in doubtful)
        {
            var other = all[next++];
            if (other.Confidence <= read[i].Confidence) continue;
            read[i] = other;
            upsideDown[i] = !upsideDown[i];
        }
        foreach (var i in tallIndexes)
        {
            // The recogniser reads Chinese turned on its side surprisingly well, so a column read upright nearly as
            // surely as on its side is vertical text; a line of Latin letters turned 90° reads as nonsense upright.
            var column = all[next++];
            if (column.Text.Length == 0 || column.Confidence < VerticalPreference * read[i].Confidence) continue;
            read[i] = column;
            vertical[i] = true;
        }

        // Narrowed crops read as well as full ones except where the recogniser was unsure already (formula fragments,
        // small print): those lines are read again at their full width and the surer reading kept.
        if (_options.RecognitionWidthScale < 1)
        {
            var unsure = Enumerable.Range(0, crops.Length).Where(i => !vertical[i] && read[i].Confidence < _options.FullWidthBelowConfidence).ToArray();
            var again = _fullWidthRecognizer.Recognize(unsure.Select(i => upsideDown[i] ? horizontal[i].Rotate180() : horizontal[i]).ToList(), cancellationToken);
            for (var k = 0; k < unsure.Length; k++)
                if (again[k].Confidence > read[unsure[k]].Confidence) read[unsure[k]] = again[k];
        }

        var lines = new List<OcrLine>();
        var turned = 0;
        for (var i = 0; i < boxes.Count; i++)
        {
            var text = read[i].Text.Trim();
            if (text.Length == 0 || read[i].Confidence < _options.MinLineConfidence) continue;
            lines.Add(new OcrLine(text, read[i].Confidence, boxes[i].Box, vertical[i]));
            if (upsideDown[i] && !vertical[i]) turned++;
        }

        // A page scanned upside down: every line was turned, and the page is read from its (upside-down) bottom.
        var pageUpsideDown = lines.Count > 0 && turned * 2 > lines.Count;
        if (pageUpsideDown) lines = lines.Select(l => l with { Box = Turn180(l.Box, page.Width, page.Height) }).ToList();
        var recognition = clock.Lap();
        return new OcrPage(page.Width, page.Height, PageLayout.Arrange(lines, page.Width), pageUpsideDown)
        {
            Timings = new OcrTimings(detection, classification, recognition),
        };
    }

    private static Quad Turn180(Quad q, int width, int height)
    {
        PointD T(PointD p) => new(width - p.X, height - p.Y);
        return new Quad(T(q.BottomRight), T(q.BottomLeft), T(q.TopLeft), T(q.TopRight));
    }

    public void Dispose()
    {
        _detectionModel.Dispose();
        _recognitionModel.Dispose();
        _classifierModel.Dispose();
        _onePage.Dispose();
    }
}
