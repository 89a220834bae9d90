namespace KnowledgeBase.Ocr;

/// <summary>
/// Where the PP-OCRv4 files are: by default the <c>ocr-models</c> folder beside the application, where the build
/// copies them (see <c>tools/ocr-models</c> for their origin and checksums).
/// </summary>
public sealed record OcrModelFiles(string Directory)
{
    public const string DetectionFile = "ch_PP-OCRv4_det_infer.onnx";
    public const string RecognitionFile = "ch_PP-OCRv4_rec_infer.onnx";
    public const string ClassifierFile = "ch_ppocr_mobile_v2.0_cls_infer.onnx";
    public const string KeysFile = "ppocr_keys_v1.txt";

    /// <summary>The folder the build copies the models to.</summary>
    public static OcrModelFiles Default { get; } = new(Path.Combine(AppContext.BaseDirectory, "ocr-models"));

    public string Detection => Path.Combine(Directory, DetectionFile);
    public string Recognition => Path.Combine(Directory, RecognitionFile);
    public string Classifier => Path.Combine(Directory, ClassifierFile);
    public string Keys => Path.Combine(Directory, KeysFile);

    /// <summary>Throws naming the first missing file: a missing model must never look like a page without text.</summary>
    public void EnsureComplete()
    {
        foreach (var path in new[] { Detection, Recognition, Classifier, Keys })
        {
            if (!File.Exists(path))
                throw new FileNotFoundException($"OCR model file not found: {path} (the build copies them from ingest/KnowledgeBase.Ocr/Models; set KnowledgeBase:Ocr:ModelDirectory to another folder)", path);
        }
    }
}
